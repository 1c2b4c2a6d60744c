<#-- Form pieces our pages share. -->

<#-- A one-time code input named "code": numeric keyboard, the browser's one-time-code autofill,
     label, help and error tied to it for screen readers. -->
<#macro codeInput label help digits autofocus=true>
    <div class="${properties.kcFormGroupClass!}">
        <div class="${properties.kcFormGroupLabelClass!}">
            <label for="code" class="${properties.kcFormLabelClass!}">
                <span class="${properties.kcFormLabelTextClass!}">${label}</span>
            </label>
        </div>
        <span class="${properties.kcInputClass!} <#if messagesPerField.existsError('code')>${properties.kcError!}</#if>">
            <input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9 ]*"
                   autocomplete="one-time-code" maxlength="${(digits + 4)?c}"<#if autofocus> autofocus</#if>
                   aria-describedby="code-help<#if messagesPerField.existsError('code')> input-error-code<#if errorFieldCode??> input-error-code-code</#if></#if>"
                   aria-invalid="<#if messagesPerField.existsError('code')>true</#if>"/>
        </span>
        <@helper field="code" help=help/>
    </div>
</#macro>

<#-- The error (when there is one) above the help line of a field; when the error reports a failure of the
     catalogue (errorFieldCode, set by io.nordicsca.keycloak.errors.ErrorNotice.fieldError), its code under it,
     id input-error-<field>-code. -->
<#macro helper field help>
    <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
        <div class="${properties.kcInputHelperTextClass!} nordic-sca-helper">
            <#if messagesPerField.existsError(field)>
                <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}" id="input-error-${field}">
                    <span class="${properties.kcInputErrorMessageClass!}">${kcSanitize(messagesPerField.get(field))?no_esc}</span>
                </div>
                <#if errorFieldCode??>
                    <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}" id="input-error-${field}-code" data-error-code="${errorFieldCode}">
                        <span class="${properties.kcInputErrorMessageClass!} nordic-sca-error-code">${msg("errorNoticeCode", errorFieldCode)}</span>
                    </div>
                </#if>
            </#if>
            <div class="${properties.kcInputHelperTextItemClass!}" id="${field}-help">
                <span class="${properties.kcInputHelperTextItemTextClass!}">${help}</span>
            </div>
        </div>
    </div>
</#macro>

<#-- An error with its code (the page model io.nordicsca.keycloak.errors.ErrorNotice, from CustomerError.notice):
     title, what happened, what to do and, when the error sends the customer to the bank, the realm's customer
     service number and opening hours. Without a number the page's help line (footer) says to contact the bank.
     Styled as keycloak.v2 styles its alerts (PatternFly 5, danger or warning). Element ids start with id:
     id-notice, id-title, id-problem, id-solution, id-code, id-phone, id-hours, id-restart. -->
<#macro errorNotice notice id="nordic-sca-error">
    <div id="${id}-notice" class="${properties.kcAlertClass!} pf-m-${notice.level()} nordic-sca-error-notice" role="alert"
         data-error-code="${notice.code()}">
        <div class="${properties.kcAlertIconClass!}">
            <span class="<#if notice.level() == 'warning'>${properties.kcFeedbackWarningIcon!}<#else>${properties.kcFeedbackErrorIcon!}</#if>" aria-hidden="true"></span>
        </div>
        <h2 id="${id}-title" class="${properties.kcAlertTitleClass!}">${msg(notice.titleKey())}</h2>
        <div class="${properties.kcAlertDescriptionClass!}">
            <p id="${id}-problem">${msg(notice.problemKey())}</p>
            <p id="${id}-solution">${msg(notice.solutionKey())}</p>
            <#if notice.phone()?has_content>
                <#assign phoneText = msg("errorNoticePhone", "§")?split("§")>
                <p id="${id}-phone">${phoneText[0]}<a href="tel:${notice.phone()?replace(r"\(0\)", "", "r")?replace('[^+0-9]', '', 'r')}">${notice.phone()}</a>${(phoneText[1])!""}</p>
                <#if notice.hours()?has_content>
                    <p id="${id}-hours">${msg("errorNoticeHours", notice.hours())}</p>
                </#if>
            </#if>
            <p id="${id}-code" class="nordic-sca-error-code">${msg("errorNoticeCode", notice.code())}</p>
        </div>
    </div>
    <#if notice.restartUrl()??>
        <a id="${id}-restart" href="${notice.restartUrl()}"
           class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("restartLoginTooltip")}</a>
    </#if>
</#macro>
