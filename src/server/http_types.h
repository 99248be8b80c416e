#pragma once

#include <string>
#include <utility>
#include <vector>

namespace basalt::server {

// A request as the API handlers see it, independent of the HTTP library: the transport
// (http_server.cc) fills it, so routing and handlers can be tested without sockets.
struct HttpRequest {
  std::string method;  // upper case, e.g. "GET"
  std::string target;  // path and query string as received, e.g. "//v1/orgs/self?x=1"
  std::string authorization;
  std::string content_type;
  std::string host;  // the Host header, for URLs we report back
  std::string body;
};

// A response: always a JSON object body (api.md §1). CORS's Access-Control-Allow-Origin is
// added by the transport to every response.
struct HttpResponse {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type
};

}  // namespace basalt::server
