// The product's domain modules, in dependency order. Adding a module is one
// line here plus its own folder under src/modules/.
#include "app/instance.h"

namespace dj::app {

std::vector<ModuleFactory> product_modules() {
  return {};
}

}  // namespace dj::app
