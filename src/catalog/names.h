#pragma once

#include <string_view>

#include "common/status.h"

namespace basalt::catalog {

inline constexpr size_t kMaxNameLength = 128;
inline constexpr int64_t kMinRetentionSecs = 3600;
// Retention must stay below ten years (api.md §6.1).
inline constexpr int64_t kMaxRetentionSecs = 10LL * 365 * 86'400;

// Checks a workspace, collection, alias, view, lambda, integration or VI name against
// `^[A-Za-z0-9][A-Za-z0-9_-]*$` and the length limit; `kind` ("workspace", "collection", ...)
// goes into the message. INVALIDINPUT when it does not match.
Status ValidateName(std::string_view kind, std::string_view name);

// Workspace names may be dotted (nested workspaces, api.md §5: `a.b` is the child `b` of
// `a`): every segment must be a valid name and the whole at most kMaxNameLength long.
Status ValidateWorkspaceName(std::string_view name);

// retention_secs: at least an hour and less than ten years, else INVALIDINPUT.
Status ValidateRetentionSecs(int64_t retention_secs);

}  // namespace basalt::catalog
