<#-- jims-network-identity, mode offer: "Continue as CORP\alice?" The provider sets jimsUser
     (domain\user as JIMS names it). Continue pre-fills the username; the next step still
     authenticates. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("jimsNetworkOfferTitle", jimsUser)}
    <#elseif section = "form">
        <form id="kc-jims-offer-form" action="${url.loginAction}" method="post">
            <p class="instruction" id="kc-jims-offer-text">${msg("jimsNetworkOfferText", jimsUser)}</p>
            <div id="kc-form-buttons" style="display: flex; flex-direction: column; gap: 0.75rem; margin-top: 1.5rem;">
                <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="continue" id="kc-jims-continue" value="continue">${msg("jimsNetworkContinue")}</button>
                <button class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="another" id="kc-jims-another" value="another">${msg("jimsNetworkAnotherAccount")}</button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
