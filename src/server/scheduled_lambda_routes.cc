// Scheduled lambdas (api.md §9.1): create, get, update, delete, list. The LambdaScheduler
// validates, stores and runs them.
#include <utility>

#include "server/api_json.h"
#include "server/lambda_scheduler.h"
#include "server/responses.h"
#include "server/router.h"

namespace basalt::server {
namespace {

Result<LambdaScheduler*> RequireScheduler(ApiContext& context) {
  if (context.scheduler == nullptr) {
    return NotImplemented("Scheduled lambdas are not available in this server");
  }
  return context.scheduler;
}

Result<HttpResponse> CreateScheduled(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(LambdaScheduler * scheduler, RequireScheduler(context));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  BASALT_ASSIGN_OR_RETURN(catalog::ScheduledLambdaInfo info,
                          scheduler->Create(request.params[0], body, request.principal));
  return DataResponse(ScheduledLambdaToApi(info));
}

Result<HttpResponse> GetScheduled(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(LambdaScheduler * scheduler, RequireScheduler(context));
  BASALT_ASSIGN_OR_RETURN(catalog::ScheduledLambdaInfo info,
                          scheduler->store().Get(request.params[0], request.params[1]));
  return DataResponse(ScheduledLambdaToApi(info));
}

Result<HttpResponse> UpdateScheduled(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(LambdaScheduler * scheduler, RequireScheduler(context));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, true));
  BASALT_ASSIGN_OR_RETURN(catalog::ScheduledLambdaInfo info,
                          scheduler->Update(request.params[0], request.params[1], body));
  return DataResponse(ScheduledLambdaToApi(info));
}

Result<HttpResponse> DeleteScheduled(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(LambdaScheduler * scheduler, RequireScheduler(context));
  BASALT_ASSIGN_OR_RETURN(catalog::ScheduledLambdaInfo info,
                          scheduler->store().Delete(request.params[0], request.params[1]));
  return DataResponse(ScheduledLambdaToApi(info));
}

Result<HttpResponse> ListScheduled(ApiContext& context, const RouteRequest&) {
  BASALT_ASSIGN_OR_RETURN(LambdaScheduler * scheduler, RequireScheduler(context));
  Array out;
  for (const auto& info : scheduler->store().List()) {
    out.push_back(ScheduledLambdaToApi(info));
  }
  return DataResponse(Value::MakeArray(std::move(out)));
}

}  // namespace

void AddScheduledLambdaRoutes(RouteTable& table) {
  constexpr std::string_view kScheduled = "/v1/orgs/self/ws/{ws}/scheduled_lambdas";
  std::string one = std::string(kScheduled) + "/{rrn}";
  table.Add("POST", kScheduled, CreateScheduled);
  table.Add("GET", one, GetScheduled);
  table.Add("POST", one, UpdateScheduled);
  table.Add("DELETE", one, DeleteScheduled);
  table.Add("GET", "/v1/orgs/self/lambdas/scheduled_lambdas", ListScheduled);
}

}  // namespace basalt::server
