<#-- The code card step. codeCard.state is one of:
     challenge: ask for the number at codeCard.position;
     lowCells:  the answer was right, tell the customer the card is running out, then continue;
     problem:   the card cannot be used (codeCard.problem is the message key); no input. -->
<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code'); section>
    <#if section = "header">
        <#if codeCard.state == "lowCells">${msg("codeCardLowTitle")}<#else>${msg("codeCardTitle")}</#if>
    <#elseif section = "form">
        <#if codeCard.state == "challenge">
            <form id="kc-code-card-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post"
                  onsubmit="login.disabled = true; return true;">
                <p id="code-card-prompt">${msg("codeCardPrompt", codeCard.position?c, codeCard.serialEnding)}</p>
                <div class="${properties.kcFormGroupClass!}">
                    <div class="${properties.kcFormGroupLabelClass!}">
                        <label for="code" class="${properties.kcFormLabelClass!}">
                            <span class="${properties.kcFormLabelTextClass!}">${msg("codeCardInputLabel", codeCard.position?c)}</span>
                        </label>
                    </div>
                    <span class="${properties.kcInputClass!} <#if messagesPerField.existsError('code')>${properties.kcError!}</#if>">
                        <input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9]*"
                               autocomplete="one-time-code" maxlength="${(codeCard.digits + 4)?c}" autofocus
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
                <@buttons.loginButton />
            </form>
        <#elseif codeCard.state == "lowCells">
            <form id="kc-code-card-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <p id="code-card-low">${msg("codeCardLow", codeCard.left?c, codeCard.serialEnding)}</p>
                <input type="hidden" name="continue" value="true"/>
                <@buttons.actionGroup>
                    <@buttons.button id="kc-continue" name="login" label="doContinue" />
                </@buttons.actionGroup>
            </form>
        <#else>
            <p id="code-card-problem" role="alert">${msg(codeCard.problem)}</p>
        </#if>
    </#if>
</@layout.registrationLayout>
