#include "server/responses.h"

#include <utility>

#include "catalog/ids.h"
#include "common/json.h"

namespace basalt::server {
namespace {

void AppendIntOrNull(int number, std::string* out) {
  if (number > 0) {
    out->append(std::to_string(number));
  } else {
    out->append("null");
  }
}

}  // namespace

std::string NewTraceId() {
  return catalog::NewUuid();
}

void AppendErrorBody(const Status& status, std::string_view trace_id, std::string* out) {
  out->append("{\"message\":");
  AppendJsonString(status.message().empty() ? ErrorTypeOf(status.code()) : status.message(), out);
  out->append(",\"message_key\":null,\"type\":");
  AppendJsonString(ErrorTypeOf(status.code()), out);
  out->append(",\"line\":");
  AppendIntOrNull(status.line(), out);
  out->append(",\"column\":");
  AppendIntOrNull(status.column(), out);
  out->append(",\"trace_id\":");
  AppendJsonString(trace_id, out);
  out->append(",\"error_id\":");
  if (status.error_id().empty()) {
    out->append("null");
  } else {
    AppendJsonString(status.error_id(), out);
  }
  out->append(
      ",\"query_id\":null,\"virtual_instance_rrn\":null,\"virtual_instance_id\":null,"
      "\"internal_errors\":null}");
}

HttpResponse ErrorResponse(const Status& status) {
  HttpResponse response;
  response.status = HttpStatusOf(status.code());
  AppendErrorBody(status, NewTraceId(), &response.body);
  return response;
}

HttpResponse DataResponse(const Value& payload) {
  HttpResponse response;
  response.body = "{\"data\":";
  AppendJson(payload, &response.body);
  response.body.push_back('}');
  return response;
}

HttpResponse RawJsonResponse(std::string json) {
  HttpResponse response;
  response.body = std::move(json);
  return response;
}

}  // namespace basalt::server
