// Waits for the app's answer without a thread on the server per browser: a long poll on the
// device API's status call, which answers as soon as the phone's answer is announced to the node
// holding it (or after a while with "pending", and we ask again). Then the login form is submitted,
// and the server reads the answer. Without JavaScript the "I have approved" button does the same.
// A server that already holds enough waiting pages answers 429 with Retry-After: we wait that long.
(function () {
    "use strict";
    var form = document.getElementById("kc-app-form");
    if (!form || !window.fetch) {
        return;
    }
    var statusUrl = form.getAttribute("data-status-url");
    var failures = 0;

    function submit() {
        form.submit();
    }

    function poll() {
        fetch(statusUrl, {cache: "no-store", credentials: "omit"})
            .then(function (response) {
                if (response.status === 429) {
                    var seconds = parseInt(response.headers.get("Retry-After"), 10);
                    setTimeout(poll, 1000 * (seconds > 0 && seconds < 60 ? seconds : 3));
                    return null;
                }
                if (!response.ok) {
                    throw new Error("status " + response.status);
                }
                return response.json();
            })
            .then(function (body) {
                if (body === null) {
                    return;
                }
                failures = 0;
                if (body.status === "pending") {
                    poll();
                } else {
                    submit();
                }
            })
            .catch(function () {
                // A node restarting or a network blip: back off a little, then ask again.
                failures += 1;
                if (failures > 10) {
                    submit();
                } else {
                    setTimeout(poll, 500 * failures);
                }
            });
    }

    poll();
})();
