/*
 * SQL fragments shared by the statements that sum kpi_daily rows (GET /v1/kpi, plan status, month close): the
 * sums of a manager's rows, the same sums summed again over managers, and the KPI object built from them.
 */
#ifndef SALESCTL_STORE_KPI_SQL_H
#define SALESCTL_STORE_KPI_SQL_H

#define KPI_SUMS \
	"sum(k.calls_total) AS calls_total, sum(k.calls_outbound) AS calls_outbound," \
	" sum(k.calls_inbound) AS calls_inbound, sum(k.calls_effective) AS calls_effective," \
	" sum(k.talk_time_s) AS talk_time_s, sum(k.chat_sessions) AS chat_sessions, sum(k.meetings) AS meetings," \
	" sum(k.proposals_sent) AS proposals_sent, sum(k.leads_received) AS leads_received," \
	" sum(k.leads_processed) AS leads_processed, sum(k.deals_won) AS deals_won," \
	" sum(k.payments_count) AS payments_count, sum(k.revenue_minor) AS revenue_minor," \
	" sum(k.quality_score_sum) AS qsum, sum(k.quality_score_count) AS qcount"

/* The plan metrics of per-manager sums, summed again (for teams and the organisation). */
#define KPI_RESUM \
	"sum(calls_total) AS calls_total, sum(calls_outbound) AS calls_outbound, sum(calls_inbound) AS calls_inbound," \
	" sum(calls_effective) AS calls_effective, sum(talk_time_s) AS talk_time_s, sum(chat_sessions) AS chat_sessions," \
	" sum(meetings) AS meetings, sum(proposals_sent) AS proposals_sent, sum(leads_received) AS leads_received," \
	" sum(leads_processed) AS leads_processed, sum(deals_won) AS deals_won, sum(payments_count) AS payments_count," \
	" sum(revenue_minor) AS revenue_minor"

#define KPI_METRICS_JSON(s) \
	"json_build_object('calls_total', coalesce(" s ".calls_total, 0), 'calls_outbound', coalesce(" s ".calls_outbound, 0)," \
	" 'calls_inbound', coalesce(" s ".calls_inbound, 0), 'calls_effective', coalesce(" s ".calls_effective, 0)," \
	" 'talk_time_s', coalesce(" s ".talk_time_s, 0), 'chat_sessions', coalesce(" s ".chat_sessions, 0)," \
	" 'meetings', coalesce(" s ".meetings, 0), 'proposals_sent', coalesce(" s ".proposals_sent, 0)," \
	" 'leads_received', coalesce(" s ".leads_received, 0), 'leads_processed', coalesce(" s ".leads_processed, 0)," \
	" 'deals_won', coalesce(" s ".deals_won, 0), 'payments_count', coalesce(" s ".payments_count, 0)," \
	" 'revenue_minor', coalesce(" s ".revenue_minor, 0)," \
	" 'conversion', " s ".deals_won::float8 / nullif(" s ".leads_processed, 0)," \
	" 'avg_deal_minor', " s ".revenue_minor::float8 / nullif(" s ".deals_won, 0)," \
	" 'effective_share', " s ".calls_effective::float8 / nullif(" s ".calls_total, 0)," \
	" 'leads_backlog', coalesce(" s ".leads_received, 0) - coalesce(" s ".leads_processed, 0)," \
	" 'quality_score_avg', " s ".qsum::float8 / nullif(" s ".qcount, 0))"

#endif
