// The bank's desk: a customer's sign-in factors, cards, phone and apps, with lock/unlock and card
// issue/revoke. Signs in the way the admin console does (its client, PKCE, the admin console's
// own sign-in session, no prompt) and calls Keycloak's admin REST with that token, so Keycloak
// checks every call exactly as it checks the admin console's. Holds no secret; keeps the token in memory only.

const LANGUAGES = ["en", "sv", "fi", "nb", "nn", "da"];
const CLIENT_ID = "security-admin-console";
const FACTORS = ["password", "code-card", "sms", "app"];

const path = location.pathname;
const serverBase = location.origin + path.substring(0, path.indexOf("/realms/"));
const loginRealm = decodeURIComponent(path.substring(path.indexOf("/realms/") + 8).split("/")[0]);
const consoleUrl = `${serverBase}/admin/${encodeURIComponent(loginRealm)}/console/`;
// Inside the admin console client's registered redirect URIs; nothing is served there, so the
// hidden frame stops on it and this page reads the code from its address (same origin).
const callbackUrl = `${consoleUrl}nordic-sca-desk-callback`;

let texts = {};
let language = "en";
let token = null;
let current = null; // { realm, view }

const $ = (id) => document.getElementById(id);

function t(key, ...args) {
  const text = texts[`nordicScaDesk.${key}`] ?? key;
  return text.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)] ?? ""));
}

function pickLanguage(tag) {
  const base = (tag || "").toLowerCase().split(/[-_]/)[0];
  if (base === "no") return "nb";
  return LANGUAGES.includes(base) ? base : "en";
}

async function loadTexts(tag) {
  language = pickLanguage(tag);
  const response = await fetch(`${serverBase}/realms/${encodeURIComponent(loginRealm)}/nordic-sca-desk/texts?locale=${language}`);
  texts = await response.json();
  document.documentElement.lang = language;
  document.title = t("title");
  for (const element of document.querySelectorAll("[data-text]")) {
    element.textContent = texts[element.dataset.text] ?? element.textContent;
  }
  $("desk-query").placeholder = t("searchPlaceholder");
}

// ---- signing in: authorization code + PKCE in a hidden frame, prompt=none ----

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomText() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

class SignInNeeded extends Error {}

async function signInSilently() {
  const verifier = randomText();
  const state = randomText();
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
  const authorize = new URL(`${serverBase}/realms/${encodeURIComponent(loginRealm)}/protocol/openid-connect/auth`);
  Object.entries({
    client_id: CLIENT_ID, redirect_uri: callbackUrl, response_type: "code", response_mode: "query",
    scope: "openid", prompt: "none", state, code_challenge: challenge, code_challenge_method: "S256",
  }).forEach(([name, value]) => authorize.searchParams.set(name, value));

  const answer = await new Promise((resolve) => {
    const frame = document.createElement("iframe");
    frame.hidden = true;
    const timer = setTimeout(() => finish(null), 10000);
    function finish(params) {
      clearTimeout(timer);
      frame.remove();
      resolve(params);
    }
    frame.addEventListener("load", () => {
      try {
        const href = frame.contentWindow.location.href;
        if (href.startsWith(callbackUrl)) finish(new URL(href).searchParams);
      } catch {
        finish(null); // another origin: never ours
      }
    });
    frame.src = authorize.href;
    document.body.append(frame);
  });
  if (!answer || answer.get("state") !== state || !answer.get("code")) {
    throw new SignInNeeded();
  }
  const response = await fetch(`${serverBase}/realms/${encodeURIComponent(loginRealm)}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code", client_id: CLIENT_ID, code: answer.get("code"),
      redirect_uri: callbackUrl, code_verifier: verifier,
    }),
  });
  if (!response.ok) throw new SignInNeeded();
  const tokens = await response.json();
  return { access: tokens.access_token, expiresAt: Date.now() + tokens.expires_in * 1000 };
}

async function accessToken() {
  if (!token || token.expiresAt - 15000 < Date.now()) {
    token = await signInSilently();
  }
  return token.access;
}

class CallFailed extends Error {
  constructor(status, error) {
    super(error || String(status));
    this.status = status;
    this.error = error;
  }
}

async function call(method, url, body, accept = "application/json") {
  const headers = { Authorization: `Bearer ${await accessToken()}`, Accept: accept };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    let error = null;
    try {
      error = (await response.json()).error;
    } catch {
      // no JSON: the status says enough
    }
    throw new CallFailed(response.status, error);
  }
  if (response.status === 204) return null;
  return accept === "application/json" ? response.json() : response.text();
}

const adminUrl = (realm, ...parts) => `${serverBase}/admin/realms/${encodeURIComponent(realm)}/${parts.map(encodeURIComponent).join("/")}`;

// ---- messages ----

function say(text, isError = false) {
  const message = $("desk-message");
  message.replaceChildren(text);
  message.className = isError ? "error" : "";
}

function sayFailure(failure) {
  if (failure instanceof SignInNeeded) {
    const link = element("a", { href: consoleUrl, id: "desk-sign-in" }, t("signInLink"));
    const retry = element("button", { type: "button", className: "secondary", id: "desk-retry" }, t("retry"));
    retry.addEventListener("click", () => route());
    const message = $("desk-message");
    message.className = "error";
    message.replaceChildren(t("signIn"), " ", link, " ", retry);
    return;
  }
  if (failure instanceof CallFailed) {
    if (failure.status === 403) return say(t("error.forbidden"), true);
    if (failure.error && texts[`nordicScaDesk.error.${failure.error}`]) return say(t(`error.${failure.error}`), true);
    return say(t("error.generic", failure.status), true);
  }
  say(t("error.generic", failure.message), true);
}

function element(tag, properties = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, properties);
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function when(epochSeconds) {
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(epochSeconds * 1000));
}

// ---- search ----

async function search(realm, query) {
  $("desk-user").hidden = true;
  const url = new URL(adminUrl(realm, "users"));
  url.searchParams.set("search", query);
  url.searchParams.set("max", "20");
  url.searchParams.set("briefRepresentation", "true");
  const users = await call("GET", url.href);
  const list = $("desk-results");
  list.replaceChildren(...users.map((user) => element("li", {},
      element("a", { href: `#/${encodeURIComponent(realm)}/users/${encodeURIComponent(user.id)}` },
          [user.username, [user.firstName, user.lastName].filter(Boolean).join(" "), user.email].filter(Boolean).join(" · ")))));
  say(users.length ? "" : t("noResults"));
}

// ---- one customer ----

function factorName(factor) {
  return t(`factor.${factor}`);
}

function stateText(lock) {
  if (lock.state === "TEMPORARY") return t("state.TEMPORARY", when(lock.until));
  return t(`state.${lock.state}`);
}

function renderUser(realm, view) {
  current = { realm, view };
  $("desk-results").replaceChildren();
  const section = $("desk-user");
  section.hidden = false;

  const keycloak = view.keycloak;
  const summary = element("section", { className: "card", id: "desk-customer" },
      element("h2", {}, t("customer", view.username)),
      element("p", {}, view.enabled ? t("enabled") : t("disabled")),
      element("p", { id: "desk-keycloak" }, t("keycloak.failures", keycloak.numFailures), " ",
          keycloak.lockedUntil ? t("keycloak.lockedUntil", when(keycloak.lockedUntil)) : (keycloak.disabled ? t("keycloak.locked") : t("keycloak.open"))));

  const rows = view.factors.map((lock) => {
    const locked = lock.state !== "OPEN";
    const action = locked ? "unlock" : "lock";
    const button = element("button", { type: "button", className: locked ? "" : "secondary" }, t(`action.${action}`));
    button.dataset.action = action;
    button.dataset.factor = lock.factor;
    button.addEventListener("click", () => askReason(action, lock.factor));
    const by = lock.by ? (texts[`nordicScaDesk.by.${lock.by}`] ? t(`by.${lock.by}`) : lock.by) : "";
    const row = element("tr", {},
        element("th", { scope: "row" }, factorName(lock.factor)),
        element("td", { className: `state ${locked ? "state-locked" : "state-open"}` }, stateText(lock)),
        element("td", { className: "failures" }, String(lock.failures)),
        element("td", {}, lock.since ? `${by} · ${when(lock.since)}` : by),
        element("td", { className: "reason" }, lock.reason ?? ""),
        element("td", {}, button));
    row.dataset.factor = lock.factor;
    return row;
  });
  const factors = element("section", { className: "card", id: "desk-factors" },
      element("h2", {}, t("factors")),
      element("table", {},
          element("thead", {}, element("tr", {}, ...["factor", "state", "failures", "by", "reason", "action"]
              .map((column) => element("th", { scope: "col" }, t(`column.${column}`))))),
          element("tbody", {}, ...rows)));

  const cards = element("section", { className: "card", id: "desk-cards" }, element("h2", {}, t("cards")));
  if (view.cards.length) {
    cards.append(element("table", {},
        element("thead", {}, element("tr", {}, ...["serial", "status", "unused", "issued", "expires"]
            .map((column) => element("th", { scope: "col" }, t(`card.${column}`))))),
        element("tbody", {}, ...view.cards.map((card) => element("tr", {},
            element("td", {}, card.serial ?? `••${card.serialEnding}`),
            element("td", {}, t(`card.status.${card.status}`)),
            element("td", {}, String(card.unused)),
            element("td", {}, card.issuedAt ? when(Date.parse(card.issuedAt) / 1000) : ""),
            element("td", {}, card.expiresAt ? when(Date.parse(card.expiresAt) / 1000) : ""))))));
  } else {
    cards.append(element("p", {}, t("noCards")));
  }
  const issue = element("button", { type: "button", id: "desk-issue-card" }, t("issueCard"));
  issue.addEventListener("click", () => askReason("issue"));
  cards.append(issue);
  if (view.cards.some((card) => card.status === "ACTIVE" || card.status === "ISSUED")) {
    const revoke = element("button", { type: "button", className: "secondary", id: "desk-revoke-card" }, t("revokeCard"));
    revoke.addEventListener("click", () => askReason("revoke"));
    cards.append(" ", revoke);
  }

  const phone = element("section", { className: "card", id: "desk-phone" },
      element("h2", {}, t("phone")), element("p", {}, view.phone ?? t("noPhone")));
  const apps = element("section", { className: "card", id: "desk-apps" }, element("h2", {}, t("apps")),
      view.apps.length
          ? element("ul", {}, ...view.apps.map((app) => element("li", {},
              `${app.label ?? app.id}${app.platform ? ` (${app.platform})` : ""} · ${t(`app.status.${app.status}`)}`)))
          : element("p", {}, t("noApps")));

  section.replaceChildren(summary, element("div", { id: "desk-action-slot" }), factors, cards, phone, apps);
}

/** Lock and unlock need a reason (it goes into the admin event); issue and revoke a confirmation. */
function askReason(action, factor) {
  const withReason = action === "lock" || action === "unlock";
  const title = withReason ? t(`confirm.${action}`, factorName(factor)) : t(`confirm.${action}`);
  const confirm = element("button", { type: "submit", id: "desk-confirm" }, title);
  const cancel = element("button", { type: "button", className: "secondary", id: "desk-cancel" }, t("cancel"));
  const form = element("form", { className: "card", id: "desk-action" }, element("h2", {}, title));
  if (withReason) {
    const reason = element("textarea", { id: "desk-reason", name: "reason", rows: 2, maxLength: 500, required: true, minLength: 3 });
    form.append(element("label", { htmlFor: "desk-reason" }, t("reasonLabel")), reason);
  }
  form.append(element("p", {}, confirm, " ", cancel));
  form.dataset.action = action;
  cancel.addEventListener("click", () => form.remove());
  // Print window opened by the click itself, so no pop-up blocker stops it.
  let printout = null;
  confirm.addEventListener("click", () => {
    if (action === "issue") printout = window.open("", "_blank");
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    confirm.disabled = true;
    try {
      await perform(action, factor, withReason ? $("desk-reason").value : null, printout);
    } catch (failure) {
      confirm.disabled = false;
      if (printout) printout.close();
      sayFailure(failure);
    }
  });
  $("desk-action-slot").replaceChildren(form);
  (withReason ? $("desk-reason") : confirm).focus();
}

async function perform(action, factor, reason, printout) {
  const { realm, view } = current;
  if (action === "lock" || action === "unlock") {
    const updated = await call("POST", adminUrl(realm, "nordic-sca-lockout", "users", view.userId, "factors", factor, action), { reason });
    renderUser(realm, updated);
    return say(t(`done.${action}`, factorName(factor)));
  }
  if (action === "issue") {
    const url = new URL(adminUrl(realm, "nordic-sca-code-cards", "users", view.userId));
    url.searchParams.set("locale", language);
    const page = await call("POST", url.href, {}, "text/html");
    if (printout) {
      printout.document.open();
      printout.document.write(page);
      printout.document.close();
    }
    await showUser(realm, view.userId);
    return say(printout ? t("done.issue") : t("popupBlocked"));
  }
  await call("DELETE", adminUrl(realm, "nordic-sca-code-cards", "users", view.userId));
  await showUser(realm, view.userId);
  say(t("done.revoke"));
}

async function showUser(realm, userId) {
  renderUser(realm, await call("GET", adminUrl(realm, "nordic-sca-lockout", "users", userId)));
}

// ---- routing: #/{realm} or #/{realm}/users/{id} ----

async function route() {
  const [realm, kind, id] = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  $("desk-realm").value = realm || $("desk-realm").value || loginRealm;
  try {
    const whoami = await call("GET", `${consoleUrl}whoami?currentRealm=${encodeURIComponent($("desk-realm").value)}`);
    if (pickLanguage(whoami.locale) !== language) await loadTexts(whoami.locale);
    say("");
    if (realm && kind === "users" && id) {
      await showUser(realm, id);
    }
  } catch (failure) {
    sayFailure(failure);
  }
}

$("desk-search").addEventListener("submit", async (event) => {
  event.preventDefault();
  const realm = $("desk-realm").value.trim();
  try {
    if (location.hash !== `#/${encodeURIComponent(realm)}`) history.replaceState(null, "", `#/${encodeURIComponent(realm)}`);
    await search(realm, $("desk-query").value.trim());
  } catch (failure) {
    sayFailure(failure);
  }
});
window.addEventListener("hashchange", route);

await loadTexts(navigator.language);
await route();
