#include "server/router.h"

#include <exception>
#include <new>
#include <utility>

#include "server/authorize.h"
#include "server/responses.h"

namespace basalt::server {
namespace {

std::vector<std::string> PatternSegments(std::string_view pattern) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= pattern.size()) {
    size_t slash = pattern.find('/', start);
    if (slash == std::string_view::npos) {
      slash = pattern.size();
    }
    if (slash > start) {
      segments.emplace_back(pattern.substr(start, slash - start));
    }
    start = slash + 1;
  }
  return segments;
}

bool IsParameter(const std::string& segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// Matches `path` against `pattern`; with `prefix`, `path` may be longer.
bool Matches(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
             bool prefix, std::vector<std::string>* params) {
  if (path.size() < pattern.size() || (!prefix && path.size() != pattern.size())) {
    return false;
  }
  if (params) {
    params->clear();
  }
  for (size_t seg_idx = 0; seg_idx < pattern.size(); ++seg_idx) {
    if (IsParameter(pattern[seg_idx])) {
      if (params) {
        params->push_back(path[seg_idx]);
      }
    } else if (pattern[seg_idx] != path[seg_idx]) {
      return false;
    }
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t char_idx = 0; char_idx < a.size(); ++char_idx) {
    char x = a[char_idx];
    char y = b[char_idx];
    if (x >= 'A' && x <= 'Z') {
      x = static_cast<char>(x - 'A' + 'a');
    }
    if (y >= 'A' && y <= 'Z') {
      y = static_cast<char>(y - 'A' + 'a');
    }
    if (x != y) {
      return false;
    }
  }
  return true;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

// The key of an `Authorization: ApiKey <key>` header (scheme case-insensitive), or empty.
std::string_view ApiKeyOf(std::string_view header) {
  header = Trim(header);
  size_t space = header.find_first_of(" \t");
  if (space == std::string_view::npos) {
    return {};
  }
  if (!EqualsIgnoreCase(header.substr(0, space), "apikey")) {
    return {};
  }
  return Trim(header.substr(space + 1));
}

Result<std::vector<std::pair<std::string, std::string>>> ParseQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t start = 0;
  while (start < query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) {
      amp = query.size();
    }
    std::string_view pair = query.substr(start, amp - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string_view key = pair.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
      BASALT_ASSIGN_OR_RETURN(std::string decoded_key, PercentDecode(key, true));
      BASALT_ASSIGN_OR_RETURN(std::string decoded_value, PercentDecode(value, true));
      out.emplace_back(std::move(decoded_key), std::move(decoded_value));
    }
    start = amp + 1;
  }
  return out;
}

HttpResponse PreflightResponse() {
  HttpResponse response = RawJsonResponse("{}");
  response.headers = {
      {"Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS"},
      {"Access-Control-Allow-Headers", "Authorization, Content-Type"},
      {"Access-Control-Max-Age", "86400"},
  };
  return response;
}

}  // namespace

Result<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t char_idx = 0; char_idx < text.size(); ++char_idx) {
    char c = text[char_idx];
    if (c == '%') {
      int high = -1;
      int low = -1;
      if (char_idx + 2 < text.size()) {
        high = HexValue(text[char_idx + 1]);
        low = HexValue(text[char_idx + 2]);
      }
      if (high < 0 || low < 0) {
        return BadRequest("malformed percent-encoding in '" + std::string(text) + "'");
      }
      out.push_back(static_cast<char>(high * 16 + low));
      char_idx += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Result<std::vector<std::string>> SplitPath(std::string_view path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      slash = path.size();
    }
    if (slash > start) {
      BASALT_ASSIGN_OR_RETURN(std::string segment,
                              PercentDecode(path.substr(start, slash - start), false));
      segments.push_back(std::move(segment));
    }
    start = slash + 1;
  }
  return segments;
}

void RouteTable::Add(std::string_view method, std::string_view pattern, Handler handler) {
  routes_.push_back(Route{std::string(method), PatternSegments(pattern), handler});
}

void RouteTable::AddPublic(std::string_view method, std::string_view pattern, Handler handler) {
  routes_.push_back(Route{std::string(method), PatternSegments(pattern), handler, true});
}

void RouteTable::AddNotImplemented(std::string_view pattern, std::string feature) {
  not_implemented_.push_back(Family{PatternSegments(pattern), std::move(feature)});
}

std::vector<std::pair<std::string, std::vector<std::string>>> RouteTable::Describe() const {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const Route& route : routes_) {
    if (!route.is_public) {
      out.emplace_back(route.method, route.segments);
    }
  }
  return out;
}

Router::Router(ApiContext context) : context_(context) {
  AddOrgRoutes(table_);
  AddWorkspaceRoutes(table_);
  AddQueryRoutes(table_);
  AddCollectionRoutes(table_);
  AddDocumentRoutes(table_);
  AddAliasRoutes(table_);
  AddViewRoutes(table_);
  AddLambdaRoutes(table_);
  AddScheduledLambdaRoutes(table_);
  AddVirtualInstanceRoutes(table_);
  AddUserRoutes(table_);
  AddApiKeyRoutes(table_);
  AddRoleRoutes(table_);
  AddIntegrationRoutes(table_);
  AddSourceRoutes(table_);
  AddNotImplementedRoutes(table_);
  for (RouteTable::Route& route : table_.routes_) {
    route.access = FindAccessRule(route.method, route.segments);
  }
}

HttpResponse Router::Handle(const HttpRequest& request) {
  // Our code does not throw; this catches what third-party code (and allocation) may.
  try {
    return Dispatch(request);
  } catch (const std::bad_alloc&) {
    return ErrorResponse(Status(ErrorCode::kResourceExceeded, "out of memory"));
  } catch (const std::exception& e) {
    return ErrorResponse(Internal(std::string("internal error: ") + e.what()));
  } catch (...) {
    return ErrorResponse(Internal("internal error"));
  }
}

HttpResponse Router::Dispatch(const HttpRequest& request) {
  if (request.method == "OPTIONS") {
    return PreflightResponse();
  }

  std::string_view target = request.target;
  size_t question = target.find('?');
  std::string_view path = target.substr(0, question);
  std::string_view query = question == std::string_view::npos ? "" : target.substr(question + 1);

  Result<std::vector<std::string>> segments = SplitPath(path);
  bool is_public = false;
  if (segments.ok()) {
    for (const RouteTable::Route& route : table_.routes_) {
      if (route.is_public && route.method == request.method &&
          Matches(route.segments, *segments, false, nullptr)) {
        is_public = true;
        break;
      }
    }
  }
  Result<catalog::Principal> principal = catalog::Principal{};
  if (!is_public) {
    principal = context_.access.Authenticate(ApiKeyOf(request.authorization));
  }
  if (!principal.ok()) {
    return ErrorResponse(principal.status());
  }
  if (!segments.ok()) {
    return ErrorResponse(segments.status());
  }

  RouteRequest route_request{request, {}, {}, std::move(principal).value()};
  const RouteTable::Route* match = nullptr;
  bool path_known = false;
  for (const RouteTable::Route& route : table_.routes_) {
    if (!Matches(route.segments, *segments, false, nullptr)) {
      continue;
    }
    path_known = true;
    if (route.method == request.method) {
      Matches(route.segments, *segments, false, &route_request.params);
      match = &route;
      break;
    }
  }
  if (match == nullptr) {
    if (path_known) {
      return ErrorResponse(
          Status(ErrorCode::kMethodNotAllowed,
                 "Method " + request.method + " is not allowed on " + std::string(path)));
    }
    for (const RouteTable::Family& family : table_.not_implemented_) {
      if (Matches(family.segments, *segments, true, nullptr)) {
        return ErrorResponse(NotImplemented(family.feature + " not implemented yet"));
      }
    }
    return ErrorResponse(NotFound("No route for " + request.method + " " + std::string(path)));
  }

  Result<std::vector<std::pair<std::string, std::string>>> parsed_query = ParseQuery(query);
  if (!parsed_query.ok()) {
    return ErrorResponse(parsed_query.status());
  }
  route_request.query = std::move(parsed_query).value();

  // Public routes (shared lambdas) take no key, so there is nobody to authorize.
  if (!match->is_public) {
    Status allowed = Authorize(context_.access, match->access, route_request);
    if (!allowed.ok()) {
      return ErrorResponse(allowed);
    }
  }
  Result<HttpResponse> response = match->handler(context_, route_request);
  if (!response.ok()) {
    return ErrorResponse(response.status());
  }
  Status filtered =
      FilterListResponse(context_.access, match->access, route_request.principal, &*response);
  if (!filtered.ok()) {
    return ErrorResponse(filtered);
  }
  return std::move(response).value();
}

}  // namespace basalt::server
