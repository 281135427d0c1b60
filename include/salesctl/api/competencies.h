/* Competency handlers (SPEC §6.4): the catalogue, assessments and the team matrix. */
#ifndef SALESCTL_API_COMPETENCIES_H
#define SALESCTL_API_COMPETENCIES_H

#include "salesctl/http/request.h"

enum db_status api_competency_create(struct request *req);
enum db_status api_competency_list(struct request *req);
enum db_status api_competency_get(struct request *req);
enum db_status api_assessment_create(struct request *req);
enum db_status api_assessment_matrix(struct request *req);

#endif
