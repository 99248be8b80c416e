// Views (api.md §10): a view named in FROM is its stored SELECT, bound as a derived table.
#include <algorithm>

#include "sql/parser/parser.h"
#include "sql/planner/binder_internal.h"

namespace basalt::sql {
namespace internal {
namespace {

constexpr std::string_view kCycleErrorId = "view_cycle";

// An error met inside a view, reported at the place the outer query names the view.
Status InView(const Status& status, const std::string& path, const TableRef& ref) {
  if (status.error_id() == kCycleErrorId) {
    return status.WithPosition(ref.line, ref.column);  // names the whole chain already
  }
  Status wrapped(status.code(), "In view '" + path + "': " + status.message(), ref.line,
                 ref.column);
  return status.error_id().empty() ? wrapped : wrapped.WithErrorId(status.error_id());
}

// Parses a view's SQL: exactly one SELECT.
Result<Statement> ParseViewSql(std::string_view sql) {
  BASALT_ASSIGN_OR_RETURN(Statement statement, ParseStatement(sql));
  if (statement.kind != Statement::Kind::kQuery || !statement.query) {
    return Status(ErrorCode::kQueryError,
                  "A view's query must be a SELECT (not EXPLAIN, DESCRIBE or INSERT)", 1, 1);
  }
  BASALT_RETURN_IF_ERROR(CheckQueryFunctions(*statement.query));
  return statement;
}

}  // namespace

Result<std::unique_ptr<PlanNode>> Binder::BindView(const TableRef& ref,
                                                   const ResolvedRelation& view, Scope& scope,
                                                   int slot) {
  auto repeated = std::find(view_stack_.begin(), view_stack_.end(), view.path);
  if (repeated != view_stack_.end() || int(view_stack_.size()) >= kMaxViewDepth) {
    std::string chain;
    for (auto it = repeated == view_stack_.end() ? view_stack_.begin() : repeated;
         it != view_stack_.end(); ++it) {
      chain += *it + " -> ";
    }
    chain += view.path;
    std::string message =
        repeated != view_stack_.end()
            ? "View '" + view.path + "' refers to itself: " + chain
            : "Views nest more than " + std::to_string(kMaxViewDepth) + " deep: " + chain;
    return Status(ErrorCode::kQueryError, message, ref.line, ref.column)
        .WithErrorId(std::string(kCycleErrorId));
  }
  Result<Statement> parsed = ParseViewSql(view.view_sql);
  if (!parsed.ok()) {
    return InView(parsed.status(), view.path, ref);
  }
  view_statements_.push_back(std::make_unique<Statement>(std::move(parsed).value()));
  const Query& query = *view_statements_.back()->query;

  view_stack_.push_back(view.path);
  bool was_in_view = in_view_;
  in_view_ = true;
  Scope isolated;  // the view sees no relations or CTEs of the query naming it
  Result<std::unique_ptr<PlanNode>> plan = BindDerived(
      query, isolated, ref.alias.empty() ? ref.names.back() : ref.alias, ref.column_aliases, slot);
  in_view_ = was_in_view;
  view_stack_.pop_back();
  if (!plan.ok()) {
    return InView(plan.status(), view.path, ref);
  }
  scope.relations.push_back(std::move(isolated.relations.back()));
  return plan;
}

}  // namespace internal

Result<std::vector<std::string>> CheckViewSql(std::string_view path, std::string_view sql,
                                              CatalogView& catalog) {
  BASALT_ASSIGN_OR_RETURN(Statement statement, internal::ParseViewSql(sql));
  BindOptions options;
  internal::Binder binder(catalog, options);
  binder.in_view_ = true;
  binder.view_stack_.emplace_back(path);
  binder.entity_depth_ = 1;
  BASALT_ASSIGN_OR_RETURN(BoundQuery bound, binder.Bind(statement));
  return bound.entities;
}

}  // namespace basalt::sql
