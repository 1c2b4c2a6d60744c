<#-- Activating the app on a phone. app is io.nordicsca.keycloak.app.AppEnrollPage; app.state() is one of:
     ENROLL:      the QR code (app.qr(), a data URI) and the same payload as text (app.payload());
                  app.delayMinutes(): the bank's activation delay (0: none);
     NOT_ALLOWED: this sign-in has not passed another strong factor; errorNotice (the catalogue's ErrorNotice) says so. -->
<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<#import "nordic-sca-fields.ftl" as fields>
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("appEnrollTitle")}
    <#elseif section = "form">
        <#switch app.state()>
            <#case "ENROLL">
                <form id="kc-app-enroll-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                    <p id="app-enroll-intro">${msg("appEnrollIntro", app.minutes()?c)}</p>
                    <#if app.delayMinutes() gt 0>
                        <p id="app-enroll-delay">${msg("appEnrollDelay", app.delayMinutes()?c)}</p>
                    </#if>
                    <p class="nordic-sca-qr"><img id="app-enroll-qr" src="${app.qr()}" alt="${msg("appEnrollQrAlt")}" width="240" height="240"/></p>
                    <p>${msg("appEnrollTextLabel")}</p>
                    <p><code id="app-enroll-payload" class="nordic-sca-payload">${app.payload()}</code></p>
                    <@buttons.actionGroup>
                        <@buttons.button id="app-enroll-done" name="done" label="appEnrollDone"/>
                        <@buttons.button id="app-enroll-later" name="later" label="appEnrollLater" type="secondary"/>
                    </@buttons.actionGroup>
                </form>
                <#break>
            <#case "NOT_ALLOWED">
                <@fields.errorNotice notice=errorNotice id="app-enroll"/>
                <#break>
        </#switch>
    </#if>
</@layout.registrationLayout>
