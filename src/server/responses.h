#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "common/value.h"
#include "server/http_types.h"

namespace basalt::server {

// Appends Rockset's error body (api.md §2.1) for `status` to `out`: every key present,
// unused ones null, `trace_id` as given (never empty).
void AppendErrorBody(const Status& status, std::string_view trace_id, std::string* out);

// An error response: HTTP status and `type` from error_codes.def, a fresh trace id.
HttpResponse ErrorResponse(const Status& status);

// A 200 response with the payload wrapped as {"data": payload}.
HttpResponse DataResponse(const Value& payload);

// A 200 response whose body is `json` as is (already a JSON object).
HttpResponse RawJsonResponse(std::string json);

// A fresh trace id (UUID).
std::string NewTraceId();

}  // namespace basalt::server
