#include "modules/member/permissions.h"

#include "core/identity/permissions.h"

namespace dj::member::perm {

void declare() {
  const char* group = "党员管理";
  identity::declare_permissions({
      {read, "查看党员", group},
      {write, "新增和编辑党员", group},
      {reveal, "查看完整身份证号和手机号码", group, true},
      {transfer, "组织关系转接", group},
      {import, "导入党员花名册", group},
      {export_, "导出党员名册", group, true},
  });
}

}  // namespace dj::member::perm
