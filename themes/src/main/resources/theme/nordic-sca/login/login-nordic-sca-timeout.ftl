<#-- The page of an answer that came too late (secondfactor/AnswerClock): the sign-in has ended, start again.
     nordicScaTimeout: between (password, then the first code), code-card, sms or app; nordicScaTimeoutCode: its error code. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("nordicScaTimeoutTitle")}
    <#elseif section = "form">
        <div id="nordic-sca-timeout" class="${properties.kcAlertClass!} pf-m-warning" role="alert" data-error-code="${nordicScaTimeoutCode}">
            <p class="${properties.kcAlertTitleClass!}" id="nordic-sca-timeout-text">${msg("nordicScaTimeout." + nordicScaTimeout)}</p>
            <p id="nordic-sca-timeout-code" class="nordic-sca-error-code">${msg("errorNoticeCode", nordicScaTimeoutCode)}</p>
        </div>
        <p id="nordic-sca-restart"><a id="nordic-sca-restart-link" href="${url.loginRestartFlowUrl}">${msg("nordicScaStartAgain")}</a></p>
    </#if>
</@layout.registrationLayout>
