<#-- jims-network-identity or jims-user-matches-network with failure policy deny: JIMS could
     not tell who is at the client address, so the login is refused. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("jimsNetworkDeniedTitle")}
    <#elseif section = "form">
        <div id="kc-jims-denied">
            <p class="instruction">${msg("jimsNetworkDenied")}</p>
        </div>
    </#if>
</@layout.registrationLayout>
