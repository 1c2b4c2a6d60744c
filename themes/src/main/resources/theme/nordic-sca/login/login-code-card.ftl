<#-- The code card step. codeCard is io.nordicsca.keycloak.codecard.CodeCardPage; codeCard.state() is one of:
     CHALLENGE: ask for the number at codeCard.position() (with lockout's last-attempt warning as errorNotice, when set);
     LOW_CELLS: the answer was right, tell the customer the card is running out, then continue;
     PROBLEM:   the card cannot be used: errorNotice (ErrorNotice) says why and what to do; no input.
     (Keycloak's FreeMarker shows a record's fields as methods, and an enum as its name.) -->
<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<#import "nordic-sca-fields.ftl" as fields>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code'); section>
    <#if section = "header">
        <#if codeCard.state() == "LOW_CELLS">${msg("codeCardLowTitle")}<#else>${msg("codeCardTitle")}</#if>
    <#elseif section = "form">
        <#switch codeCard.state()>
            <#case "CHALLENGE">
                <#if errorNotice??><@fields.errorNotice notice=errorNotice id="nordic-sca-warning"/></#if>
                <form id="kc-code-card-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post"
                      onsubmit="login.disabled = true; return true;">
                    <p id="code-card-prompt">${msg("codeCardPrompt", codeCard.position()?c, codeCard.serialEnding())}</p>
                    <@fields.codeInput label=msg("codeCardInputLabel", codeCard.position()?c) help=msg("codeCardInputHelp", codeCard.digits()?c) digits=codeCard.digits()/>
                    <@buttons.loginButton />
                </form>
                <#break>
            <#case "LOW_CELLS">
                <form id="kc-code-card-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                    <p id="code-card-low">${msg("codeCardLow", codeCard.left()?c, codeCard.serialEnding())}</p>
                    <input type="hidden" name="continue" value="true"/>
                    <@buttons.actionGroup>
                        <@buttons.button id="kc-continue" name="login" label="doContinue"/>
                    </@buttons.actionGroup>
                </form>
                <#break>
            <#case "PROBLEM">
                <@fields.errorNotice notice=errorNotice id="code-card"/>
                <#break>
        </#switch>
    </#if>
</@layout.registrationLayout>
