#include "modules/org/permissions.h"

#include "core/identity/permissions.h"

namespace dj::org::perm {

void declare() {
  const char* group = "组织管理";
  identity::declare_permissions({
      {read, "查看组织", group},
      {write, "新建和修改组织", group},
      {move, "调整组织隶属关系", group},
      {dissolve, "撤销组织", group},
      {import, "导入组织", group},
      // The export lists every organisation of the scope with its secretary's name.
      {export_, "导出组织", group, true},
      {type_write, "维护组织类型", group},
  });
}

}  // namespace dj::org::perm
