/* Task handlers: /v1/tasks, /v1/tasks/{id}, transitions and events. */
#ifndef SALESCTL_API_TASKS_H
#define SALESCTL_API_TASKS_H

#include "salesctl/http/request.h"

enum db_status api_task_create(struct request *req);
enum db_status api_task_list(struct request *req);
enum db_status api_task_get(struct request *req);
enum db_status api_task_patch(struct request *req);
enum db_status api_task_transition(struct request *req);
enum db_status api_task_events(struct request *req);

#endif
