// `dangjian tasks run`: a daily task (到期提醒 …) run by hand or from cron,
// under the same once-per-day claim the servers' schedulers use.
#pragma once

#include <string>
#include <vector>

#include "app/config.h"
#include "app/instance.h"

namespace dj::app {

struct TasksRunArgs {
  std::string name;   // "" = list the tasks
  std::string today;  // "" = today in Beijing
  bool force = false;
};

int cmd_tasks_run(const Config& config, const std::vector<ModuleFactory>& modules, const TasksRunArgs& args);

// "host:pid", how a claim names the instance holding it.
std::string instance_name();

}  // namespace dj::app
