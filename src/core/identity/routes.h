// The identity routes, one installer per group.
#pragma once

#include "core/identity/services.h"
#include "http/router.h"

namespace dj::identity {

void install_auth_routes(http::Router& router, Services& s);      // /api/v1/auth/*
void install_user_routes(http::Router& router, Services& s);      // /api/v1/users
void install_role_routes(http::Router& router, Services& s);      // /api/v1/roles, /permissions
void install_security_routes(http::Router& router, Services& s);  // /api/v1/security/policy
void install_audit_routes(http::Router& router, Services& s);     // /api/v1/audit, /login-log

}  // namespace dj::identity
