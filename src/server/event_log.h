#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/value.h"
#include "server/router.h"

namespace basalt::server {

// The organization's event log, the collection commons._events (api.md §6.5): one document
// per event with `label`, `kind`, `type` and the event's own fields, `_event_time` = now.
// Events record acknowledged changes only; a failure to write one is logged and never fails
// the request that caused it. Without the collection (unit tests) nothing is written.
void RecordEvent(ApiContext& context, std::string_view label, std::string_view kind,
                 std::vector<std::pair<std::string, Value>> fields,
                 std::string_view type = "INFO");

}  // namespace basalt::server
