<#-- Activation of a mailed code card: card number plus the security number at codeCard.position()
     (codeCard is io.nordicsca.keycloak.codecard.CodeCardActivationPage). -->
<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<#import "nordic-sca-fields.ftl" as fields>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code'); section>
    <#if section = "header">
        ${msg("codeCardActivateTitle")}
    <#elseif section = "form">
        <#if errorNotice??><@fields.errorNotice notice=errorNotice id="nordic-sca-warning"/></#if>
        <form id="kc-code-card-activate-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <p id="code-card-activate-intro">${msg("codeCardActivateIntro")}</p>
            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormGroupLabelClass!}">
                    <label for="serial" class="${properties.kcFormLabelClass!}">
                        <span class="${properties.kcFormLabelTextClass!}">${msg("codeCardSerialLabel")}</span>
                    </label>
                </div>
                <span class="${properties.kcInputClass!}">
                    <input id="serial" name="serial" type="text" inputmode="numeric" autocomplete="off" maxlength="20"
                           autofocus aria-describedby="serial-help"/>
                </span>
                <div class="${properties.kcFormHelperTextClass!}">
                    <div class="${properties.kcInputHelperTextClass!}">
                        <div class="${properties.kcInputHelperTextItemClass!}" id="serial-help">
                            <span class="${properties.kcInputHelperTextItemTextClass!}">${msg("codeCardSerialHelp")}</span>
                        </div>
                    </div>
                </div>
            </div>
            <@fields.codeInput label=msg("codeCardInputLabel", codeCard.position()?c) help=msg("codeCardInputHelp", codeCard.digits()?c)
                               digits=codeCard.digits() autofocus=false/>
            <@buttons.actionGroup>
                <@buttons.button id="kc-activate" name="activate" label="doSubmit" />
                <@buttons.button id="kc-activate-later" name="later" label="codeCardActivateLater" type="secondary" />
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>
