#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "sql/parser/ast.h"
#include "sql/planner/plan.h"

namespace basalt::sql {

struct ResolvedCollection {
  uint32_t id = 0;
  std::string path;  // "workspace.collection"
};

// What the binder needs from the catalog. Implemented by the server over catalog::Catalog.
class CatalogView {
 public:
  virtual ~CatalogView() = default;
  // Resolves a collection reference as written (["people"], ["ws", "people"],
  // ["a", "b", "people"] for nested workspaces). Unqualified names resolve in `commons`.
  // NOTFOUND naming the collection when it does not exist.
  virtual Result<ResolvedCollection> ResolveCollection(const std::vector<std::string>& names) = 0;
};

struct BindOptions {
  // Query parameters by name, already typed.
  std::map<std::string, Value> parameters;
  // Used only when the outermost query has no LIMIT (0: none).
  int64_t default_row_limit = 0;
  // Planner switches (test configs force access paths).
  bool use_indexes = true;
  bool use_column_store = true;
  // Off: no predicate pushdown, index probes, column scans or hash/lookup joins; every
  // condition is evaluated by plain filters and nested loops (a test configuration).
  bool optimize = true;
};

struct BoundQuery {
  // Rows of the root have one slot: the result row as an object.
  std::unique_ptr<PlanNode> plan;
  // Output column names in projection order; empty when the projection has a `*`.
  std::vector<std::string> column_names;
  std::vector<std::string> collections;  // paths of the collections read
  bool explain = false;
};

// Binds a parsed statement: resolves names, parameters and functions, and builds the plan
// (with predicate pushdown and index selection). QUERY_ERROR / NOTFOUND with positions.
Result<BoundQuery> BindStatement(const Statement& statement, CatalogView& catalog,
                                 const BindOptions& options);

}  // namespace basalt::sql
