<#-- Keycloak's error page, with a title that says what went wrong when a partner login failed.
     partnerFailureTitle and partnerReference are set by the provider's LoginFailurePage; the
     explanation (message.summary) already names the reference. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        <#if partnerFailureTitle??>${msg(partnerFailureTitle)}<#else>${kcSanitize(msg("errorTitle"))?no_esc}</#if>
    <#elseif section = "form">
        <div id="kc-error-message"<#if partnerReference??> data-reference="${partnerReference}"</#if>>
            <p class="instruction">${kcSanitize(message.summary)?no_esc}</p>
            <#if traceId??>
                <p class="instruction" id="traceId">${msg("traceIdSupportMessage", traceId)}</p>
            </#if>
            <#if !skipLink?? && client?? && client.baseUrl?has_content>
                <p><a id="backToApplication" href="${client.baseUrl}">${msg("backToApplication")}</a></p>
            </#if>
        </div>
    </#if>
</@layout.registrationLayout>
