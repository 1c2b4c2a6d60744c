<#-- Lockout's one page for a refused answer, whatever the factor (lockout/LockPages).
     nordicScaLock.state: TEMPORARY (nordicScaLock.minutesLeft), SELF_SERVICE, BANK, or BLOCKED (this sign-in);
     from the lock check step: ALL_TEMPORARY (minutesLeft until the first factor opens) or ALL_BANK;
     nordicScaLock.factor: code-card, sms, app, password, or absent when the realm hides which factor failed. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("nordicScaLockedTitle")}
    <#elseif section = "form">
        <#assign who = msg("nordicScaFactor." + (nordicScaLock.factor()!"hidden"))>
        <div id="nordic-sca-locked" class="${properties.kcAlertClass!} pf-m-danger" role="alert">
            <p class="${properties.kcAlertTitleClass!}" id="nordic-sca-locked-text"><#if nordicScaLock.state()?ends_with("TEMPORARY")>${msg("nordicScaLocked." + nordicScaLock.state(), who, nordicScaLock.minutesLeft()?c)}<#else>${msg("nordicScaLocked." + nordicScaLock.state(), who)}</#if></p>
        </div>
        <#if nordicScaLock.state() == "SELF_SERVICE" && url.loginResetCredentialsUrl??>
            <p id="nordic-sca-unlock"><a href="${url.loginResetCredentialsUrl}">${msg("nordicScaUnlockYourself")}</a></p>
        </#if>
        <p id="nordic-sca-restart"><a href="${url.loginRestartFlowUrl}">${msg("nordicScaStartAgain")}</a></p>
    </#if>
</@layout.registrationLayout>
