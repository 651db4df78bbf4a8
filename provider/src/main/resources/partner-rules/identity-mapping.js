// Identity mapping: the partner's claims become a local username, attributes and groups.
var id = claims.idToken;
var info = claims.userinfo;

var email = (info.email || id.email || '').toLowerCase();
if (!email) {
  throw new Error('the partner sent no email');
}
// Local usernames are "<local part>@<partner domain>" in lower case.
result.setUsername(email);

result.setAttribute('partnerSubject', id.sub);
if (info.department) {
  result.setAttribute('department', info.department);
}
if (info.employee_number !== undefined) {
  result.setAttribute('employeeNumber', String(info.employee_number));
}
result.setAttribute('partnerGroups', info.groups || []);

// Groups: everyone from the partner, plus the JIMS groups of the device they log in from.
result.addGroup('partners');
var jimsUser = request.clientIp ? jims.userAt(request.clientIp) : null;
if (jimsUser && jimsUser.groups) {
  jimsUser.groups.forEach(function (group) {
    result.addGroup('jims-' + group);
  });
}
