#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/value.h"
#include "sql/input_query.h"

namespace basalt::ingest {

// A collection's ingest transformation (`field_mapping_query`, ingest.md §4), compiled once
// and shared, immutable, by every write that uses it (safe to use from many threads).
//
// Two kinds:
// - a plain transformation maps each record to at most one document (projection, renames,
//   computed fields, WHERE filtering, `_id` / `_event_time` / `_op` derivation);
// - a rollup (GROUP BY, or an aggregate in the select list) keeps one document per group,
//   folding records into the group's aggregate states as they arrive (rollup.h).
class Transformation {
 public:
  // Compiles and validates `sql`. QUERY_ERROR (with line and column when known) for SQL that
  // is invalid or not allowed in a transformation (sql/input_query.h), and for rollups that
  // output `_id` or `_op`, or use an aggregate that cannot be kept incrementally
  // (DISTINCT, ORDER BY inside the call, or one without mergeable state: ARRAY_AGG,
  // MAP_AGG, percentiles, ...).
  static Result<std::shared_ptr<const Transformation>> Compile(std::string_view sql);

  const std::string& sql() const { return sql_; }
  bool is_rollup() const { return query_->aggregated(); }
  const sql::InputQuery& query() const { return *query_; }

  // A plain transformation applied to one record: the output document, or nullopt when
  // WHERE drops the record. An input `_meta` is not shown to the query (Write API records
  // have no system `_meta`). Errors concern this record only.
  // REQUIRES: !is_rollup(); `record` is an object.
  Result<std::optional<Value>> Apply(const Value& record, int64_t now_micros) const;

  // The record as the query sees it: without a caller-supplied `_meta`.
  static Value InputOf(const Value& record);

 private:
  Transformation(std::string sql, std::unique_ptr<sql::InputQuery> query)
      : sql_(std::move(sql)), query_(std::move(query)) {}

  std::string sql_;
  std::unique_ptr<sql::InputQuery> query_;
};

}  // namespace basalt::ingest
