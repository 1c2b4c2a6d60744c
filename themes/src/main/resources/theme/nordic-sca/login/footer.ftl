<#-- keycloak.v2 leaves this macro empty for themes to fill: a help line every bank customer can act on. -->
<#macro content>
    <p id="nordic-sca-help" class="nordic-sca-help">${msg("nordicScaHelp")}</p>
</#macro>
