#include "app/commands_tasks.h"

#include <boost/json.hpp>
#include <unistd.h>

#include <iostream>
#include <regex>

#include "core/tasks/tasks.h"

namespace dj::app {

std::string instance_name() {
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(::getpid());
}

int cmd_tasks_run(const Config& config, const std::vector<ModuleFactory>& modules, const TasksRunArgs& args) {
  Instance instance(config, modules);
  instance.migrate();
  if (args.name.empty()) {
    std::cout << "每日任务 / daily tasks:\n";
    for (const auto& t : tasks::daily_tasks()) std::cout << "  " << t.name << "  " << t.label << "\n";
    return 0;
  }
  const std::string day = args.today.empty() ? tasks::today_beijing() : args.today;
  if (!std::regex_match(day, std::regex(R"(\d{4}-\d{2}-\d{2})"))) {
    std::cerr << "日期格式应为 YYYY-MM-DD：" << day << " / --today must be YYYY-MM-DD\n";
    return 2;
  }
  tasks::RunOutcome out;
  try {
    out = tasks::run_daily(instance.store(), args.name, day, "cli:" + instance_name(), args.force);
  } catch (const std::invalid_argument&) {
    std::cerr << "没有名为 " << args.name << " 的任务（不带参数运行可列出全部）/ unknown task\n";
    return 2;
  }
  if (!out.ran) {
    std::cout << args.name << " 在 " << day << " 已由 " << out.claimed_by
              << " 执行，本次未执行（需要时加 --force）/ already ran that day\n";
    return 0;
  }
  std::cout << args.name << " " << day << " 已执行 / done: " << boost::json::serialize(out.result) << "\n";
  return 0;
}

}  // namespace dj::app
