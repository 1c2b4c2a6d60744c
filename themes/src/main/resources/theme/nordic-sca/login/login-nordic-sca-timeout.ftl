<#-- The page of an answer that came too late (secondfactor/AnswerClock): the sign-in has ended, start again.
     nordicScaTimeout is io.nordicsca.keycloak.secondfactor.TimeoutPage: what() took too long (BETWEEN: password,
     then the first code; CODE_CARD, SMS or APP) and code(), its error code. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("nordicScaTimeoutTitle")}
    <#elseif section = "form">
        <div id="nordic-sca-timeout" class="${properties.kcAlertClass!} pf-m-warning" role="alert" data-error-code="${nordicScaTimeout.code()}">
            <p class="${properties.kcAlertTitleClass!}" id="nordic-sca-timeout-text"><#switch nordicScaTimeout.what()><#case "BETWEEN">${msg("nordicScaTimeout.between")}<#break><#case "CODE_CARD">${msg("nordicScaTimeout.code-card")}<#break><#case "SMS">${msg("nordicScaTimeout.sms")}<#break><#case "APP">${msg("nordicScaTimeout.app")}<#break></#switch></p>
            <p id="nordic-sca-timeout-code" class="nordic-sca-error-code">${msg("errorNoticeCode", nordicScaTimeout.code())}</p>
        </div>
        <p id="nordic-sca-restart"><a id="nordic-sca-restart-link" href="${url.loginRestartFlowUrl}">${msg("nordicScaStartAgain")}</a></p>
    </#if>
</@layout.registrationLayout>
