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
                   aria-describedby="code-help<#if messagesPerField.existsError('code')> input-error-code</#if>"
                   aria-invalid="<#if messagesPerField.existsError('code')>true</#if>"/>
        </span>
        <@helper field="code" help=help/>
    </div>
</#macro>

<#-- The error (when there is one) above the help line of a field. -->
<#macro helper field help>
    <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
        <div class="${properties.kcInputHelperTextClass!} nordic-sca-helper">
            <#if messagesPerField.existsError(field)>
                <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}" id="input-error-${field}">
                    <span class="${properties.kcInputErrorMessageClass!}">${kcSanitize(messagesPerField.get(field))?no_esc}</span>
                </div>
            </#if>
            <div class="${properties.kcInputHelperTextItemClass!}" id="${field}-help">
                <span class="${properties.kcInputHelperTextItemTextClass!}">${help}</span>
            </div>
        </div>
    </div>
</#macro>
