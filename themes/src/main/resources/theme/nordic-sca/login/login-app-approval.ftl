<#-- The app approval step. app.state is one of:
     waiting: show app.eventId large and wait; the script long-polls app.statusUrl and submits the
              form once the app answered (without JavaScript, "I have approved" does the same);
     problem: the request ended (declined, expired, limit); app.retry offers "Try again".
     A locked app or blocked sign-in gets lockout's page (login-nordic-sca-locked.ftl). -->
<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("appTitle")}
    <#elseif section = "form">
        <#if app.state == "waiting">
            <form id="kc-app-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post"
                  data-status-url="${app.statusUrl}">
                <p id="app-instruction"><#if app.mode == "enter">${msg("appInstructionEnter")}<#elseif app.mode == "compare">${msg("appInstructionCompare")}<#else>${msg("appInstructionSelect")}</#if></p>
                <div class="nordic-sca-event-id" role="group" aria-labelledby="app-event-id-label">
                    <span id="app-event-id-label" class="nordic-sca-event-id-label">${msg("appEventIdLabel")}</span>
                    <span id="app-event-id" class="nordic-sca-event-id-value">${app.eventId}</span>
                </div>
                <p id="app-waiting" class="nordic-sca-waiting" aria-live="polite">${msg("appWaiting")}</p>
                <input type="hidden" name="check" value="true"/>
                <@buttons.actionGroup>
                    <@buttons.button id="app-approved" name="approved" label="appApproved" class=["kcButtonPrimaryClass", "kcButtonBlockClass"]/>
                </@buttons.actionGroup>
            </form>
            <form id="kc-app-other-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <div class="${properties.kcFormGroupClass!}">
                    <button id="app-resend" name="resend" value="true" type="submit"
                            class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("appResend")}</button>
                </div>
                <div class="${properties.kcFormGroupClass!}">
                    <button id="app-cancel" name="cancel" value="true" type="submit"
                            class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("appCancel")}</button>
                </div>
            </form>
            <script src="${url.resourcesPath}/js/app-approval.js" defer></script>
        <#elseif app.retry>
            <form id="kc-app-retry-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <@buttons.actionGroup>
                    <@buttons.button id="app-retry" name="retry" label="appTryAgain" class=["kcButtonPrimaryClass", "kcButtonBlockClass"]/>
                </@buttons.actionGroup>
            </form>
        </#if>
    </#if>
</@layout.registrationLayout>
