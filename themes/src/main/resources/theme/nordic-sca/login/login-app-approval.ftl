<#-- The app approval step. app is io.nordicsca.keycloak.app.AppPage; app.state() is one of:
     WAITING: show app.eventId() large and wait; the script long-polls app.statusUrl() and submits the
              form once the app answered (without JavaScript, "I have approved" does the same);
              app.mode() (ENTER, COMPARE, SELECT) picks the instruction; app.payment(), when the sign-in
              approves a payment, names its amount and payee (the app shows the same and signs them);
     PROBLEM: the request ended (declined, expired, limit): app.outcome() (ErrorNotice) gives its catalogue code,
              the problem and what to do; app.minutesLeft(), for the push limit, when to try again;
              app.retry() offers "Try again". (No outcome while another answer is checked: the message says so.)
     In both states errorNotice, when set, is lockout's warning (below the outcome) that the app's next wrong or unanswered
     request blocks it for good. A locked app or blocked sign-in gets lockout's page (login-nordic-sca-locked.ftl). -->
<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<#import "nordic-sca-fields.ftl" as fields>
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("appTitle")}
    <#elseif section = "form">
        <#switch app.state()>
            <#case "WAITING">
                <#if errorNotice??><@fields.errorNotice notice=errorNotice id="nordic-sca-warning"/></#if>
                <form id="kc-app-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post"
                      data-status-url="${app.statusUrl()}">
                    <#if app.payment()??>
                        <p id="app-payment" class="nordic-sca-payment">${msg("appPaymentInstruction", app.payment().amount(), app.payment().payeeName())}</p>
                    </#if>
                    <p id="app-instruction"><#switch app.mode()><#case "ENTER">${msg("appInstructionEnter")}<#break><#case "COMPARE">${msg("appInstructionCompare")}<#break><#case "SELECT">${msg("appInstructionSelect")}<#break></#switch></p>
                    <div class="nordic-sca-event-id" role="group" aria-labelledby="app-event-id-label">
                        <span id="app-event-id-label" class="nordic-sca-event-id-label">${msg("appEventIdLabel")}</span>
                        <span id="app-event-id" class="nordic-sca-event-id-value">${app.eventId()}</span>
                    </div>
                    <p id="app-waiting" class="nordic-sca-waiting" aria-live="polite">${msg("appWaiting")}</p>
                    <input type="hidden" name="check" value="true"/>
                    <@buttons.actionGroup>
                        <@buttons.button id="app-approved" name="approved" label="appApproved"/>
                    </@buttons.actionGroup>
                </form>
                <form id="kc-app-other-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                    <@buttons.actionGroup>
                        <@buttons.button id="app-resend" name="resend" value="true" label="appResend" type="secondary"/>
                        <@buttons.button id="app-cancel" name="cancel" value="true" label="appCancel" type="secondary"/>
                    </@buttons.actionGroup>
                </form>
                <script src="${url.resourcesPath}/js/app-approval.js" defer></script>
                <#break>
            <#case "PROBLEM">
                <#if app.outcome()??><@fields.errorNotice notice=app.outcome() id="app-outcome"/></#if>
                <#if app.minutesLeft() gt 0>
                    <p id="app-outcome-minutes">${msg("nordicScaTryAgainIn", app.minutesLeft()?c)}</p>
                </#if>
                <#if errorNotice??><@fields.errorNotice notice=errorNotice id="nordic-sca-warning"/></#if>
                <#if app.retry()>
                    <form id="kc-app-retry-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                        <@buttons.actionGroup>
                            <@buttons.button id="app-retry" name="retry" label="appTryAgain"/>
                        </@buttons.actionGroup>
                    </form>
                </#if>
                <#break>
        </#switch>
    </#if>
</@layout.registrationLayout>
