<#-- Self-service unlock (lockout/unlock). nordicScaUnlock is io.nordicsca.keycloak.lockout.unlock.UnlockPage;
     nordicScaUnlock.state() is one of:
     IDENTIFY: ask for the username (personal ID or user code); nordicScaUnlock.typed() is what was typed;
     REFUSED:  the customer must contact the bank; errorNotice (the catalogue's ErrorNotice) says why.
     nordicScaUnlock.supportPhone() and .supportHours(): the bank's support line (Realm settings, Nordic SCA tab; may be empty). -->
<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<#import "nordic-sca-fields.ftl" as fields>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('username'); section>
    <#if section = "header">
        <#if nordicScaUnlock.state() == "REFUSED">${msg(errorNotice.titleKey())}<#else>${msg("nordicScaUnlockTitle")}</#if>
    <#elseif section = "form">
        <#switch nordicScaUnlock.state()>
            <#case "IDENTIFY">
                <form id="nordic-sca-unlock-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                    <p id="nordic-sca-unlock-intro">${msg("nordicScaUnlockIntro")}</p>
                    <div class="${properties.kcFormGroupClass!}">
                        <div class="${properties.kcFormGroupLabelClass!}">
                            <label for="username" class="${properties.kcFormLabelClass!}">
                                <span class="${properties.kcFormLabelTextClass!}">${msg("nordicScaUnlockUsername")}</span>
                            </label>
                        </div>
                        <span class="${properties.kcInputClass!} <#if messagesPerField.existsError('username')>${properties.kcError!}</#if>">
                            <input id="username" name="username" type="text" autocomplete="username" maxlength="255" autofocus
                                   value="${nordicScaUnlock.typed()}"
                                   aria-describedby="username-help<#if messagesPerField.existsError('username')> input-error-username</#if>"
                                   aria-invalid="<#if messagesPerField.existsError('username')>true</#if>"/>
                        </span>
                        <@fields.helper field="username" help=msg("nordicScaUnlockUsernameHelp")/>
                    </div>
                    <@buttons.actionGroup>
                        <@buttons.button id="kc-continue" name="continue" label="doContinue"/>
                    </@buttons.actionGroup>
                </form>
                <p id="nordic-sca-unlock-help"><#if nordicScaUnlock.supportPhone()?has_content>${msg("nordicScaUnlockCallBank", nordicScaUnlock.supportPhone(), nordicScaUnlock.supportHours())}<#else>${msg("nordicScaUnlockAskBank")}</#if></p>
                <#break>
            <#case "REFUSED">
                <@fields.errorNotice notice=errorNotice id="nordic-sca-unlock-refused"/>
                <p id="nordic-sca-restart"><a href="${url.loginRestartFlowUrl}">${msg("nordicScaStartAgain")}</a></p>
                <#break>
        </#switch>
    </#if>
</@layout.registrationLayout>
