// Claim rule (JavaScript protocol mapper): computes claims for the tokens Keycloak issues.
var attributes = identity.attributes;
var department = attributes.department ? attributes.department[0] : 'unknown';
result.setClaim('org_unit', department.toUpperCase());

var display = [identity.firstName, identity.lastName].filter(function (part) {
  return part;
}).join(' ');
result.setClaim('display_name', display || identity.username);

var jimsUser = request.clientIp ? jims.userAt(request.clientIp) : null;
result.setClaim('jims', jimsUser ? { user: jimsUser.user, domain: jimsUser.domain || null } : null);
