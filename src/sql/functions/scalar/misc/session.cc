// CURRENT_USER() and CURRENT_ROLE() (sql.md §9.16, unv): who runs the query, as the REST
// server authenticated it (FunctionContext). Outside a request (tools, unit tests) both are
// the empty string.
#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

Result<Value> CurrentUser(const Args&, const FunctionContext& ctx) {
  return Value::String(ctx.current_user);
}

Result<Value> CurrentRole(const Args&, const FunctionContext& ctx) {
  return Value::String(ctx.current_role);
}

}  // namespace

FunctionDef CurrentUserFunction() {
  return {.name = "CURRENT_USER",
          .min_args = 0,
          .max_args = 0,
          .kernel = CurrentUser,
          .deterministic = false,
          .signature = "CURRENT_USER() -> string",
          .doc = "The email of the user whose API key runs the query.",
          .example = "TYPEOF(CURRENT_USER()) = 'string'"};
}

FunctionDef CurrentRoleFunction() {
  return {.name = "CURRENT_ROLE",
          .min_args = 0,
          .max_args = 0,
          .kernel = CurrentRole,
          .deterministic = false,
          .signature = "CURRENT_ROLE() -> string",
          .doc =
              "The role the query's API key acts with; for a key without its own role, the "
              "roles of its owner, comma-separated.",
          .example = "TYPEOF(CURRENT_ROLE()) = 'string'"};
}

}  // namespace basalt::sql
