/*
 * The sales conveyor (SPEC §6.4), pure: scouts find and qualify leads, hunters make the first sale, farmers grow the
 * clients. Each stage has its own measure — scouts the leads they pass on (leads_processed), hunters their win rate
 * (won / (won + lost) of the CRM's deals closed in the period, else deals_won / leads_processed), farmers their
 * average deal (revenue_minor / deals_won) — and its own volume metric against the plan (leads_processed, deals_won,
 * revenue_minor). A member stands beside their stage's median; the weakest stage is the one whose members' median
 * attainment of their volume plan is lowest (stages without targets are not ranked).
 */
#ifndef SALESCTL_DOMAIN_CONVEYOR_H
#define SALESCTL_DOMAIN_CONVEYOR_H

#include <stddef.h>

#include "salesctl/domain/kpi.h"

enum conveyor_stage { STAGE_SCOUT, STAGE_HUNTER, STAGE_FARMER, STAGE__COUNT };

/* "scout", "hunter", "farmer"; -1 for anything else. */
int conveyor_stage_parse(const char *sales_role);
const char *conveyor_stage_name(enum conveyor_stage s);

struct conveyor_member {
	enum conveyor_stage stage;
	struct maybe value;        /* the stage's measure */
	struct maybe attainment;   /* the volume metric's actual / target */
	struct maybe to_median;    /* value / the stage's median value (filled by conveyor_evaluate) */
};

struct conveyor_stage_result {
	int members;
	struct maybe median;               /* of the members' values */
	struct maybe median_attainment;    /* of the members' attainments */
	bool understaffed;                 /* fewer than two people */
};

/* The median of the non-null values of v[0..n); null when there is none. */
struct maybe conveyor_median(const struct maybe *v, size_t n);
/* Fills out[] and every member's to_median; returns the weakest stage, or -1 when no stage has an attainment. */
int conveyor_evaluate(struct conveyor_member *members, size_t n, struct conveyor_stage_result out[STAGE__COUNT]);

#endif
