<#-- The SMS step, the register-phone action and the unlock flow's decoy. sms is
     io.nordicsca.keycloak.secondfactor.SmsPage; sms.state() is one of:
     CODE:        a code was sent to sms.to() (masked); ask for it; "Send a new code" after sms.resendIn() seconds;
     NUMBER:      (register action) ask for a mobile number;
     PROBLEM:     no code can be asked for now; errorNotice (the catalogue's ErrorNotice) says why and what to do,
                  sms.to() the number it is about (masked) when there is one, sms.waitMinutes() when a new code
                  may be asked for (a send limit); sms.retry() offers "Try again";
     NOT_ALLOWED: (register action) this sign-in has not passed another strong factor; errorNotice says so.
     sms.registering(): the register action's page (its title; "Change number" on the code page).
     sms.payment():     CODE: the payment the code approves (amount, payeeName, payeeAccount, reference), or null. -->
<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<#import "nordic-sca-fields.ftl" as fields>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code','phone'); section>
    <#if section = "header">
        <#if sms.registering()>${msg("smsRegisterTitle")}<#else>${msg("smsTitle")}</#if>
    <#elseif section = "form">
        <#switch sms.state()>
            <#case "CODE">
                <#if errorNotice??><@fields.errorNotice notice=errorNotice id="nordic-sca-warning"/></#if>
                <#if sms.payment()??>
                    <#assign payment = sms.payment()>
                    <section id="sms-payment" aria-labelledby="sms-payment-intro">
                        <p id="sms-payment-intro">${msg("smsPaymentIntro")}</p>
                        <dl class="nordic-sca-payment">
                            <dt>${msg("smsPaymentAmount")}</dt><dd id="sms-payment-amount">${payment.amount()}</dd>
                            <dt>${msg("smsPaymentPayee")}</dt><dd id="sms-payment-payee">${payment.payeeName()}</dd>
                            <dt>${msg("smsPaymentAccount")}</dt><dd id="sms-payment-account">${payment.payeeAccount()}</dd>
                            <#if payment.reference()?has_content>
                                <dt>${msg("smsPaymentReference")}</dt><dd id="sms-payment-reference">${payment.reference()}</dd>
                            </#if>
                        </dl>
                    </section>
                </#if>
                <form id="kc-sms-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                    <p id="sms-prompt">${msg("smsPrompt", sms.to(), sms.validMinutes()?c)}</p>
                    <@fields.codeInput label=msg("smsInputLabel") help=msg("smsInputHelp", sms.digits()?c) digits=sms.digits()/>
                    <@buttons.loginButton />
                </form>
                <form id="kc-sms-resend-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                    <#-- The countdown is CSS only (no JavaScript needed): the number counts down and the button
                         brightens when it may be used; pressing it earlier sends nothing and says how long to wait.
                         A plain button, as the macro takes no class or style of our own. -->
                    <#assign waitText = msg("smsResendIn", "§")?split("§")>
                    <p id="sms-resend-wait" class="nordic-sca-resend-wait" style="--nordic-sca-wait: ${sms.resendIn()?c}" aria-live="off"
                       <#if sms.resendIn() == 0>hidden</#if>>${waitText[0]}<span class="nordic-sca-countdown" data-from="${sms.resendIn()?c}"></span>${(waitText[1])!""}</p>
                    <div class="${properties.kcFormGroupClass!}">
                        <button id="sms-resend" name="resend" value="true" type="submit"
                                class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!} nordic-sca-resend"
                                style="--nordic-sca-wait: ${sms.resendIn()?c}">${msg("smsResend")}</button>
                    </div>
                    <#if sms.registering()>
                        <@buttons.actionGroup>
                            <@buttons.button id="sms-change-number" name="change" value="true" label="smsChangeNumber" type="secondary"/>
                        </@buttons.actionGroup>
                    </#if>
                </form>
                <#break>
            <#case "NUMBER">
                <form id="kc-sms-register-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                    <p id="sms-register-intro">${msg("smsRegisterIntro")}</p>
                    <div class="${properties.kcFormGroupClass!}">
                        <div class="${properties.kcFormGroupLabelClass!}">
                            <label for="phone" class="${properties.kcFormLabelClass!}">
                                <span class="${properties.kcFormLabelTextClass!}">${msg("smsPhoneLabel")}</span>
                            </label>
                        </div>
                        <span class="${properties.kcInputClass!} <#if messagesPerField.existsError('phone')>${properties.kcError!}</#if>">
                            <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" maxlength="40" autofocus
                                   value="${sms.typed()}"
                                   aria-describedby="phone-help<#if messagesPerField.existsError('phone')> input-error-phone<#if errorFieldCode??> input-error-phone-code</#if></#if>"
                                   aria-invalid="<#if messagesPerField.existsError('phone')>true</#if>"/>
                        </span>
                        <@fields.helper field="phone" help=msg("smsPhoneHelp")/>
                    </div>
                    <@buttons.actionGroup>
                        <@buttons.button id="kc-send" name="send" label="smsSendCode"/>
                    </@buttons.actionGroup>
                </form>
                <#break>
            <#case "PROBLEM">
                <@fields.errorNotice notice=errorNotice id="sms"/>
                <#if sms.to()?has_content>
                    <p id="sms-problem-number">${msg("smsProblemNumber", sms.to())}</p>
                </#if>
                <#if sms.waitMinutes() gt 0>
                    <p id="sms-problem-minutes">${msg("nordicScaTryAgainIn", sms.waitMinutes()?c)}</p>
                </#if>
                <#if sms.retry()>
                    <form id="kc-sms-retry-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                        <@buttons.actionGroup>
                            <@buttons.button id="sms-retry" name="resend" label="smsTryAgain" type="secondary"/>
                        </@buttons.actionGroup>
                    </form>
                </#if>
                <#break>
            <#case "NOT_ALLOWED">
                <@fields.errorNotice notice=errorNotice id="sms"/>
                <#break>
        </#switch>
    </#if>
</@layout.registrationLayout>
