<#-- Activation of a mailed code card: card number plus the security number at codeCard.position. -->
<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code'); section>
    <#if section = "header">
        ${msg("codeCardActivateTitle")}
    <#elseif section = "form">
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
            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormGroupLabelClass!}">
                    <label for="code" class="${properties.kcFormLabelClass!}">
                        <span class="${properties.kcFormLabelTextClass!}">${msg("codeCardInputLabel", codeCard.position?c)}</span>
                    </label>
                </div>
                <span class="${properties.kcInputClass!} <#if messagesPerField.existsError('code')>${properties.kcError!}</#if>">
                    <input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9]*" autocomplete="one-time-code"
                           maxlength="${(codeCard.digits + 4)?c}"
                           aria-describedby="code-help<#if messagesPerField.existsError('code')> input-error-code</#if>"
                           aria-invalid="<#if messagesPerField.existsError('code')>true</#if>"/>
                </span>
                <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
                    <div class="${properties.kcInputHelperTextClass!}">
                        <#if messagesPerField.existsError('code')>
                            <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}" id="input-error-code">
                                <span class="${properties.kcInputErrorMessageClass!}">${kcSanitize(messagesPerField.get('code'))?no_esc}</span>
                            </div>
                        </#if>
                        <div class="${properties.kcInputHelperTextItemClass!}" id="code-help">
                            <span class="${properties.kcInputHelperTextItemTextClass!}">${msg("codeCardInputHelp", codeCard.digits?c)}</span>
                        </div>
                    </div>
                </div>
            </div>
            <@buttons.actionGroup>
                <@buttons.button id="kc-activate" name="activate" label="doSubmit" />
                <@buttons.button id="kc-activate-later" name="later" label="codeCardActivateLater" type="secondary" />
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>
