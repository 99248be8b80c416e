// Virtual instances and deployment settings (api.md §12). Basalt has one VI, the default
// `main`, which is the whole server: it serves every collection live and runs every query.
// What would need more VIs (creating, resizing, suspending, auto-suspend) answers 501 or 400
// rather than pretending.
#include <set>
#include <utility>

#include "catalog/ids.h"
#include "catalog/names.h"
#include "common/time_util.h"
#include "server/api_json.h"
#include "server/query_exec.h"
#include "server/responses.h"
#include "server/router.h"

namespace basalt::server {
namespace {

constexpr std::string_view kSize = "SHARED";  // nominal: the VI is the whole server
constexpr std::string_view kInstanceClass = "GP_IL";
const std::set<std::string_view> kSizes = {"FREE",    "NANO",    "SHARED",  "MILLI",  "XSMALL",
                                           "SMALL",   "MEDIUM",  "LARGE",   "XLARGE", "XLARGE2",
                                           "XLARGE4", "XLARGE8", "XLARGE16"};
const std::set<std::string_view> kInstanceClasses = {"MO_IL", "GP_IL"};
const std::set<std::string_view> kMountTypes = {"LIVE", "STATIC"};

Result<catalog::VirtualInstances*> RequireVis(ApiContext& context) {
  if (context.virtual_instances == nullptr) {
    return NotImplemented("Virtual instances are not available in this server");
  }
  return context.virtual_instances;
}

Value ViToApi(ApiContext& context, const catalog::VirtualInstanceInfo& info) {
  catalog::VirtualInstances& vis = *context.virtual_instances;
  int64_t last_queried = vis.last_queried_ms();
  return Value::MakeObject({
      {"id", Value::String(info.id)},
      {"rrn", Value::String(info.rrn)},
      {"name", Value::String(info.name)},
      {"description", info.description ? Value::String(*info.description) : Value::Null()},
      {"state", Value::String("ACTIVE")},
      {"current_size", Value::String(kSize)},
      {"desired_size", Value::String(kSize)},
      {"current_instance_class", Value::String(kInstanceClass)},
      {"desired_instance_class", Value::String(kInstanceClass)},
      {"default_vi", Value::Bool(info.default_vi)},
      {"mount_type", Value::String("LIVE")},
      {"mount_refresh_interval_seconds", Value::Int(0)},
      {"auto_suspend_seconds", Value::Null()},
      {"auto_scaling_policy", Value::Null()},
      {"enable_remount_on_resume", Value::Bool(false)},
      {"monitoring_enabled", Value::Bool(false)},
      {"default_pod_count", Value::Int(1)},
      {"scaled_pod_count", Value::Int(1)},
      {"created_at", Value::String(catalog::FormatIsoSeconds(info.created_at_micros))},
      {"created_by", Value::String(info.created_by)},
      {"resumed_at", Value::String(catalog::FormatIsoSeconds(vis.started_micros()))},
      {"stats", Value::MakeObject({{"last_queried_ms",
                                    last_queried > 0 ? Value::Int(last_queried) : Value::Null()}})},
  });
}

// An enum field: absent/null is fine; otherwise one of `allowed`, else INVALIDINPUT.
Status CheckEnum(const Value& body, std::string_view key, const std::set<std::string_view>& allowed,
                 std::string* out = nullptr) {
  const Value& field = body.Get(key);
  if (field.is_nullish()) {
    return Status::Ok();
  }
  if (!field.is_string() || allowed.count(field.string_value()) == 0) {
    return InvalidInput(std::string(key) + " has an unknown value");
  }
  if (out != nullptr) {
    *out = std::string(field.string_value());
  }
  return Status::Ok();
}

Status CheckType(const Value& body, std::string_view key, ValueType type, std::string_view what) {
  const Value& field = body.Get(key);
  if (!field.is_nullish() && field.type() != type) {
    return InvalidInput(std::string(key) + " must be " + std::string(what));
  }
  return Status::Ok();
}

Result<HttpResponse> ListVis(ApiContext& context, const RouteRequest&) {
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstances * vis, RequireVis(context));
  Array out;
  for (const auto& info : vis->List()) {
    out.push_back(ViToApi(context, info));
  }
  return DataResponse(Value::MakeArray(std::move(out)));
}

Result<HttpResponse> GetVi(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstances * vis, RequireVis(context));
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstanceInfo info, vis->Find(request.params[0]));
  return DataResponse(ViToApi(context, info));
}

// Validated fully, then refused: Basalt runs one VI (api.md §12 "later").
Result<HttpResponse> CreateVi(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstances * vis, RequireVis(context));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  const Value& name = body.Get("name");
  if (!name.is_string()) {
    return InvalidInput("name is required and must be a string");
  }
  BASALT_RETURN_IF_ERROR(catalog::ValidateName("virtual instance", name.string_value()));
  BASALT_RETURN_IF_ERROR(CheckEnum(body, "type", kSizes));
  BASALT_RETURN_IF_ERROR(CheckEnum(body, "instance_class", kInstanceClasses));
  BASALT_RETURN_IF_ERROR(CheckEnum(body, "mount_type", kMountTypes));
  BASALT_RETURN_IF_ERROR(CheckType(body, "description", ValueType::kString, "a string"));
  BASALT_RETURN_IF_ERROR(CheckType(body, "auto_suspend_seconds", ValueType::kInt, "an integer"));
  for (const auto& info : vis->List()) {
    if (info.name == name.string_value()) {
      return AlreadyExists("Virtual instance '" + info.name + "' already exists");
    }
  }
  return NotImplemented(
      "Creating virtual instances is not supported yet: every query runs on the default "
      "virtual instance 'main'");
}

Result<HttpResponse> UpdateVi(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstances * vis, RequireVis(context));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, true));
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  BASALT_RETURN_IF_ERROR(vis->Find(request.params[0]).status());
  BASALT_RETURN_IF_ERROR(CheckType(body, "name", ValueType::kString, "a string"));
  BASALT_RETURN_IF_ERROR(CheckType(body, "description", ValueType::kString, "a string"));
  BASALT_RETURN_IF_ERROR(CheckType(body, "auto_suspend_enabled", ValueType::kBool, "a boolean"));
  BASALT_RETURN_IF_ERROR(CheckType(body, "auto_suspend_seconds", ValueType::kInt, "an integer"));
  BASALT_RETURN_IF_ERROR(
      CheckType(body, "enable_remount_on_resume", ValueType::kBool, "a boolean"));
  BASALT_RETURN_IF_ERROR(
      CheckType(body, "mount_refresh_interval_seconds", ValueType::kInt, "an integer"));
  std::string size, instance_class, mount_type;
  BASALT_RETURN_IF_ERROR(CheckEnum(body, "new_size", kSizes, &size));
  BASALT_RETURN_IF_ERROR(CheckEnum(body, "instance_class", kInstanceClasses, &instance_class));
  BASALT_RETURN_IF_ERROR(CheckEnum(body, "mount_type", kMountTypes, &mount_type));
  // What the default VI cannot change yet: refuse rather than store a setting with no effect.
  if (!size.empty() && size != kSize) {
    return NotImplemented("Resizing virtual instances is not supported yet");
  }
  if (!instance_class.empty() && instance_class != kInstanceClass) {
    return NotImplemented("Changing the instance class is not supported yet");
  }
  const Value& refresh = body.Get("mount_refresh_interval_seconds");
  if ((!mount_type.empty() && mount_type != "LIVE") ||
      (refresh.type() == ValueType::kInt && refresh.int_value() != 0)) {
    return NotImplemented("The default virtual instance only has live mounts");
  }
  const Value& auto_suspend = body.Get("auto_suspend_enabled");
  if ((auto_suspend.type() == ValueType::kBool && auto_suspend.bool_value()) ||
      body.Get("auto_suspend_seconds").type() == ValueType::kInt) {
    return NotImplemented("Auto-suspend of virtual instances is not supported yet");
  }
  const Value& remount = body.Get("enable_remount_on_resume");
  if (remount.type() == ValueType::kBool && remount.bool_value()) {
    return NotImplemented("Remount on resume is not supported yet");
  }
  for (std::string_view policy : {"auto_scaling_policy", "microbatch_policy"}) {
    const Value& field = body.Get(policy);
    if (!field.is_nullish()) {
      if (!field.is_object()) {
        return InvalidInput(std::string(policy) + " must be an object");
      }
      if (field.Get("enabled").type() == ValueType::kBool && field.Get("enabled").bool_value()) {
        return NotImplemented(std::string(policy) + " is not supported yet");
      }
    }
  }
  catalog::VirtualInstanceUpdate update;
  if (body.Get("name").is_string()) {
    update.name = std::string(body.Get("name").string_value());
  }
  if (body.Get("description").is_string()) {
    update.description = std::string(body.Get("description").string_value());
  }
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstanceInfo info,
                          vis->Update(request.params[0], update));
  return DataResponse(ViToApi(context, info));
}

Result<HttpResponse> DeleteVi(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstances * vis, RequireVis(context));
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstanceInfo info, vis->Find(request.params[0]));
  if (info.default_vi) {
    return InvalidInput("The default virtual instance cannot be deleted");
  }
  return NotImplemented("Deleting virtual instances is not supported yet");
}

Result<HttpResponse> SuspendVi(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstances * vis, RequireVis(context));
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstanceInfo info, vis->Find(request.params[0]));
  if (info.default_vi) {
    return InvalidInput(
        "The default virtual instance cannot be suspended: it serves ingest and every query");
  }
  return NotImplemented("Suspending virtual instances is not supported yet");
}

// The default VI is never suspended, so resuming it changes nothing.
Result<HttpResponse> ResumeVi(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstances * vis, RequireVis(context));
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstanceInfo info, vis->Find(request.params[0]));
  return DataResponse(ViToApi(context, info));
}

Result<HttpResponse> QueryVi(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstances * vis, RequireVis(context));
  BASALT_RETURN_IF_ERROR(vis->Find(request.params[0]).status());
  BASALT_RETURN_IF_ERROR(RequireQueries(context));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  BASALT_ASSIGN_OR_RETURN(QueryRequest query, ParseQueryRequest(body));
  return RunSqlRequest(context, std::move(query.sql), query.run,
                       QueryRunner{request.principal, true}, {});
}

Result<HttpResponse> ListViQueries(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstances * vis, RequireVis(context));
  BASALT_RETURN_IF_ERROR(vis->Find(request.params[0]).status());
  BASALT_RETURN_IF_ERROR(RequireQueries(context));
  Array infos;
  for (const auto& record : context.queries->Active()) {
    std::lock_guard<std::mutex> lock(record->mu);
    infos.push_back(QueryInfoToApi(*record));
  }
  return DataResponse(Value::MakeArray(std::move(infos)));
}

// --- Mounts: the default VI serves every collection live, so each is an ACTIVE mount.

Value MountToApi(const catalog::VirtualInstanceInfo& vi, const catalog::CollectionInfo& info) {
  std::string uuid = info.rrn.substr(info.rrn.rfind(':') + 1);
  return Value::MakeObject({
      {"id", Value::String(uuid)},
      {"rrn", Value::String("rrn:mnt:use1a1:" + uuid)},
      {"collection_path", Value::String(info.workspace + "." + info.name)},
      {"virtual_instance_id", Value::String(vi.id)},
      {"virtual_instance_rrn", Value::String(vi.rrn)},
      {"state", Value::String("ACTIVE")},
      {"created_at", Value::String(catalog::FormatIsoSeconds(info.created_at_micros))},
      {"last_refresh_time_millis", Value::Null()},
      {"snapshot_expiration_time_millis", Value::Null()},
      {"stats", Value::MakeObject({{"last_queried_ms", Value::Null()}})},
  });
}

Result<catalog::CollectionInfo> FindMounted(ApiContext& context,
                                            const catalog::VirtualInstanceInfo& vi,
                                            std::string_view path) {
  size_t dot = path.rfind('.');
  Result<catalog::CollectionInfo> info =
      dot == std::string_view::npos
          ? Result<catalog::CollectionInfo>(NotFound(""))
          : context.catalog.GetCollection(path.substr(0, dot), path.substr(dot + 1));
  if (!info.ok()) {
    return NotFound("Collection " + std::string(path) + " is not mounted on virtual instance " +
                    vi.id);
  }
  return info;
}

Result<HttpResponse> ListMounts(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstances * vis, RequireVis(context));
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstanceInfo vi, vis->Find(request.params[0]));
  Array out;
  for (const auto& info : context.catalog.ListAllCollections()) {
    out.push_back(MountToApi(vi, info));
  }
  return DataResponse(Value::MakeArray(std::move(out)));
}

Result<HttpResponse> MountCollections(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstances * vis, RequireVis(context));
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstanceInfo vi, vis->Find(request.params[0]));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  const Value& paths = body.Get("collection_paths");
  if (!paths.is_array()) {
    return InvalidInput("collection_paths is required: a list of \"workspace.collection\"");
  }
  Array out;
  for (const Value& path : paths.array()) {
    if (!path.is_string() || path.string_value().find('.') == std::string_view::npos) {
      return InvalidInput("collection_paths holds \"workspace.collection\" strings");
    }
    std::string_view text = path.string_value();
    size_t dot = text.rfind('.');
    BASALT_ASSIGN_OR_RETURN(
        catalog::CollectionInfo info,
        context.catalog.GetCollection(text.substr(0, dot), text.substr(dot + 1)));
    out.push_back(MountToApi(vi, info));  // already served live by the default VI
  }
  return DataResponse(Value::MakeArray(std::move(out)));
}

Result<HttpResponse> GetMount(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstances * vis, RequireVis(context));
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstanceInfo vi, vis->Find(request.params[0]));
  BASALT_ASSIGN_OR_RETURN(catalog::CollectionInfo info,
                          FindMounted(context, vi, request.params[1]));
  return DataResponse(MountToApi(vi, info));
}

Result<HttpResponse> Unmount(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstances * vis, RequireVis(context));
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstanceInfo vi, vis->Find(request.params[0]));
  BASALT_RETURN_IF_ERROR(FindMounted(context, vi, request.params[1]).status());
  return InvalidInput("Collections cannot be unmounted from the default virtual instance");
}

// The default VI reads what every write made visible, so a mount's fences are the
// collection's.
Result<HttpResponse> CommitMountOffsets(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstances * vis, RequireVis(context));
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstanceInfo vi, vis->Find(request.params[0]));
  BASALT_ASSIGN_OR_RETURN(catalog::CollectionInfo info,
                          FindMounted(context, vi, request.params[1]));
  return CommitCollectionOffsets(context, info, request.http);
}

// --- Deployment settings.

Result<HttpResponse> GetDeploymentSettings(ApiContext& context, const RouteRequest&) {
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstances * vis, RequireVis(context));
  return DataResponse(
      Value::MakeObject({{"default_query_vi", Value::String(vis->DefaultQueryVi())}}));
}

Result<HttpResponse> PutDeploymentSettings(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::VirtualInstances * vis, RequireVis(context));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  const Value& vi = body.Get("default_query_vi");
  if (!vi.is_string()) {
    return InvalidInput("default_query_vi is required: the rrn of a virtual instance");
  }
  BASALT_ASSIGN_OR_RETURN(std::string rrn, vis->SetDefaultQueryVi(vi.string_value()));
  HttpResponse response =
      DataResponse(Value::MakeObject({{"default_query_vi", Value::String(rrn)}}));
  response.status = 202;
  return response;
}

}  // namespace

void AddVirtualInstanceRoutes(RouteTable& table) {
  constexpr std::string_view kVis = "/v1/orgs/self/virtualinstances";
  auto path = [&](std::string_view suffix) { return std::string(kVis) + std::string(suffix); };
  table.Add("GET", kVis, ListVis);
  table.Add("POST", kVis, CreateVi);
  table.Add("GET", path("/{vi}"), GetVi);
  table.Add("POST", path("/{vi}"), UpdateVi);
  table.Add("DELETE", path("/{vi}"), DeleteVi);
  table.Add("POST", path("/{vi}/suspend"), SuspendVi);
  table.Add("POST", path("/{vi}/resume"), ResumeVi);
  table.Add("POST", path("/{vi}/queries"), QueryVi);
  table.Add("GET", path("/{vi}/queries"), ListViQueries);
  table.Add("GET", path("/{vi}/mounts"), ListMounts);
  table.Add("POST", path("/{vi}/mounts"), MountCollections);
  table.Add("GET", path("/{vi}/mounts/{path}"), GetMount);
  table.Add("DELETE", path("/{vi}/mounts/{path}"), Unmount);
  table.Add("POST", path("/{vi}/mounts/{path}/offsets/commit"), CommitMountOffsets);
  table.Add("GET", "/v1/orgs/self/deploymentsettings", GetDeploymentSettings);
  table.Add("PUT", "/v1/orgs/self/deploymentsettings", PutDeploymentSettings);
}

}  // namespace basalt::server
