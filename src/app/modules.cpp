// The product's domain modules, in dependency order. Adding a module is one
// line here plus its own folder under src/modules/.
#include "app/instance.h"
#include "modules/member/member_module.h"
#include "modules/org/org_module.h"
#include "modules/target/target_module.h"

namespace dj::app {

std::vector<ModuleFactory> product_modules() {
  return {
      &org::org_module,  // first: member relies on the org tree and its demo branches
      &member::member_module,
      &target::target_module,  // owners are users; demo plans use the member demo accounts
  };
}

}  // namespace dj::app
