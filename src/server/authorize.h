#pragma once

#include "catalog/access.h"
#include "common/result.h"
#include "server/access_table.h"
#include "server/http_types.h"
#include "server/router.h"

namespace basalt::server {

// Checks that the request's principal holds what `rule` requires (kUnlistedRouteAction when
// `rule` is null): 403 FORBIDDEN otherwise.
Status Authorize(const catalog::AccessControl& access, const AccessRule* rule,
                 const RouteRequest& request);

// Trims a list answer to the items the principal may see (rule->filter); other answers
// pass unchanged.
Status FilterListResponse(const catalog::AccessControl& access, const AccessRule* rule,
                          const catalog::Principal& principal, HttpResponse* response);

// Whether `user` (a path's {user}: an email or "self") is the principal itself.
bool IsSelf(const catalog::Principal& principal, std::string_view user);

}  // namespace basalt::server
