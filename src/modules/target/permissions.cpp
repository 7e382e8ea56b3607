#include "modules/target/permissions.h"

#include "core/identity/permissions.h"

namespace dj::target::perm {

void declare() {
  const char* group = "目标任务";
  identity::declare_permissions({
      {read, "查看目标任务、进度和统计", group},
      {manage, "制定计划、分解目标、设置时序节点", group},
      {review, "审核进度报告", group},
      {supervise, "督促检查和整改", group},
  });
}

}  // namespace dj::target::perm
