/**
 * The failure of a partner login, shared by the broker ({@code broker.partner}), identity mapping
 * ({@code broker.identity}) and the identity-provider mappers ({@code broker.mapper}) without any
 * of them depending on another for it: {@link io.github.kcpartner.broker.login.PartnerLoginException}.
 */
package io.github.kcpartner.broker.login;
