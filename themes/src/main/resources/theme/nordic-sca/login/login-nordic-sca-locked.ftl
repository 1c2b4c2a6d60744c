<#-- Lockout's one page for a refused answer, whatever the factor (lockout/LockPages): the catalogue's
     errorNotice (code, problem, what to do, the bank's number) and nordicScaLock (LockNotice: minutesLeft
     for a lock that lifts by itself, selfService when the customer may unlock it). -->
<#import "template.ftl" as layout>
<#import "nordic-sca-fields.ftl" as fields>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg(errorNotice.titleKey())}
    <#elseif section = "form">
        <@fields.errorNotice notice=errorNotice id="nordic-sca-locked"/>
        <#if nordicScaLock.minutesLeft() gt 0>
            <p id="nordic-sca-locked-minutes">${msg("nordicScaTryAgainIn", nordicScaLock.minutesLeft()?c)}</p>
        </#if>
        <#if nordicScaLock.selfService() && url.loginResetCredentialsUrl??>
            <p id="nordic-sca-unlock"><a href="${url.loginResetCredentialsUrl}">${msg("nordicScaUnlockYourself")}</a></p>
        </#if>
        <p id="nordic-sca-restart"><a href="${url.loginRestartFlowUrl}">${msg("nordicScaStartAgain")}</a></p>
    </#if>
</@layout.registrationLayout>
