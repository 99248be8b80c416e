#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
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

// What a name in FROM stands for: a collection (an alias resolves to its collection) or a
// view, whose stored SELECT the binder expands as a derived table (api.md §10, §11).
struct ResolvedRelation {
  enum class Kind { kCollection, kView };
  Kind kind = Kind::kCollection;
  std::string path;               // as named: "ws.name" of the collection, alias or view
  ResolvedCollection collection;  // kCollection: what is read
  std::string view_sql;           // kView
};

// What the binder needs from the catalog. Implemented by the server over catalog::Catalog.
class CatalogView {
 public:
  virtual ~CatalogView() = default;
  // Resolves a collection reference as written (["people"], ["ws", "people"],
  // ["a", "b", "people"] for nested workspaces). Unqualified names resolve in `commons`.
  // NOTFOUND naming the collection when it does not exist.
  virtual Result<ResolvedCollection> ResolveCollection(const std::vector<std::string>& names) = 0;
  // Resolves a FROM name to a collection (aliases included) or a view. The default knows
  // collections only.
  virtual Result<ResolvedRelation> ResolveRelation(const std::vector<std::string>& names) {
    BASALT_ASSIGN_OR_RETURN(ResolvedCollection collection, ResolveCollection(names));
    ResolvedRelation relation;
    relation.path = collection.path;
    relation.collection = std::move(collection);
    return relation;
  }
};

// Views may nest this deep (a longer chain is refused as if it were a cycle).
inline constexpr int kMaxViewDepth = 16;

struct BindOptions {
  // Query parameters by name, already typed.
  std::map<std::string, Value> parameters;
  // Parameters whose values are not known yet (checking a query lambda's SQL before any call):
  // bound as null, and as 0 where a constant integer is required (LIMIT :n, OFFSET :n).
  std::set<std::string> unknown_parameters;
  // Used only when the outermost query has no LIMIT (0: none).
  int64_t default_row_limit = 0;
  // Planner switches (test configs force access paths).
  bool use_indexes = true;
  bool use_column_store = true;
  // Off: no predicate pushdown, index probes, column scans or hash/lookup joins; every
  // condition is evaluated by plain filters and nested loops (a test configuration).
  bool optimize = true;
  // Statistics for cost-based join ordering: the reader of a collection (the snapshot the
  // query then reads). Unset (validation, view checks): joins keep the written order.
  std::function<Result<storage::CollectionReader*>(uint32_t collection_id)> statistics;
  // When set, FROM <input_relation> (one unqualified name) is not a collection but the rows
  // the caller hands over (a kInput plan node): `_input` of ingest transformations.
  std::string input_relation;
};

struct BoundQuery {
  // Rows of the root have one slot: the result row as an object.
  std::unique_ptr<PlanNode> plan;
  // Output column names in projection order; empty when the projection has a `*`.
  std::vector<std::string> column_names;
  std::vector<std::string> collections;  // paths of the collections read (aliases resolved)
  // Paths of the collections, aliases and views the statement names itself (not those
  // named inside the views it reads): a view's `entities`.
  std::vector<std::string> entities;
  bool explain = false;
};

// Binds a parsed statement: resolves names, parameters and functions, and builds the plan
// (with predicate pushdown and index selection). QUERY_ERROR / NOTFOUND with positions.
Result<BoundQuery> BindStatement(const Statement& statement, CatalogView& catalog,
                                 const BindOptions& options);

// Checks the SQL of view `path` (api.md §10) as the binder would expand it: one SELECT (no
// EXPLAIN/DESCRIBE/INSERT), no query parameters, every name resolvable, no cycle back to
// `path` (`catalog` should resolve `path` to `sql`, so cycles through other views are found
// too). QUERY_ERROR / NOTFOUND with positions. Returns the statement's entities.
Result<std::vector<std::string>> CheckViewSql(std::string_view path, std::string_view sql,
                                              CatalogView& catalog);

}  // namespace basalt::sql
