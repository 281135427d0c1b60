/* The Russian catalogue of problem details and field messages (see http/i18n.h). Field names, enum values, header
 * names and formats such as YYYY-MM-DD stay as the API spells them: they are what a client sends. */
#include "salesctl/http/i18n.h"

#include <string.h>

static const struct i18n_entry catalogue[] = {
	/* Field messages of the validator (http/validate.c). */
	{"is not a known field", "неизвестное поле"},
	{"is required", "обязательное поле"},
	{"must not be null", "не может быть null"},
	{"must not be empty", "не может быть пустым"},
	{"must change at least one field", "нужно изменить хотя бы одно поле"},
	{"must be a JSON object", "должно быть JSON-объектом"},
	{"must be an object", "должно быть объектом"},
	{"must be a string", "должно быть строкой"},
	{"must be a boolean", "должно быть true или false"},
	{"must be a number", "должно быть числом"},
	{"must be an integer", "должно быть целым числом"},
	{"must be %lld to %lld characters long", "длина должна быть от %lld до %lld символов"},
	{"must be an integer from %lld to %lld", "должно быть целым числом от %lld до %lld"},
	{"must be a number from %g to %g", "должно быть числом от %g до %g"},
	{"must be one of: %s", "допустимые значения: %s"},
	{"must be one or more of: %s, separated by commas", "одно или несколько значений через запятую из: %s"},
	{"must be a UUID", "должно быть UUID"},
	{"must be an email address", "должно быть адресом электронной почты"},
	{"must be a date that exists, as YYYY-MM-DD", "должно быть существующей датой в виде YYYY-MM-DD"},
	{"must be an RFC 3339 timestamp with an offset", "должно быть временем по RFC 3339 со смещением от UTC"},
	{"must be an IANA time zone name, e.g. Europe/Moscow",
	 "должно быть названием часового пояса IANA, например Europe/Moscow"},
	{"must be an ISO 4217 code of three capital letters", "должно быть кодом валюты ISO 4217 из трёх заглавных букв"},
	{"must be a time of day as HH:MM", "должно быть временем суток в виде HH:MM"},

	/* Requests, the router and the HTTP core. */
	{"no such route", "такого адреса нет"},
	{"%s is not allowed here", "метод %s здесь не поддерживается"},
	{"send application/json", "отправьте application/json"},
	{"no reply", "ответ не сформирован"},
	{"out of memory", "не хватило памяти"},
	{"the next page's cursor could not be made", "не удалось составить курсор следующей страницы"},
	{"the body limit is %ld bytes", "тело запроса не может быть больше %ld байт"},
	{"at most %d query parameters are taken", "принимается не больше %d параметров запроса"},
	{"the %s header is sent more than once", "заголовок %s передан больше одного раза"},
	{"a query parameter holds a NUL or control byte", "параметр запроса содержит NUL или управляющий символ"},
	{"query parameter names and values must be UTF-8", "имена и значения параметров запроса должны быть в UTF-8"},
	{"the path holds a NUL or control byte", "путь содержит NUL или управляющий символ"},
	{"the path must be UTF-8", "путь должен быть в UTF-8"},
	{"too many bulk requests at once; retry shortly", "слишком много пакетных запросов сразу; повторите чуть позже"},
	{"this token sends requests faster than allowed; retry later",
	 "с этим токеном запросы идут чаще, чем разрешено; повторите позже"},
	{"this token's scopes do not include %s", "права этого токена не включают %s"},
	{"this action needs the %s role", "для этого действия нужна роль %s"},
	{"If-Match does not match the current ETag", "If-Match не совпадает с текущим ETag"},
	{"Idempotency-Key must be 1 to 255 visible ASCII characters",
	 "Idempotency-Key должен состоять из 1-255 видимых символов ASCII"},
	{"a request with this Idempotency-Key is still being processed; retry later",
	 "запрос с этим Idempotency-Key ещё выполняется; повторите позже"},
	{"this Idempotency-Key was used with a different request", "этот Idempotency-Key уже использован с другим запросом"},
	{"the resource already exists", "такой объект уже есть"},
	{"the request breaks a data rule", "запрос нарушает правило данных"},
	{"the database cannot be reached", "база данных недоступна"},
	{"the database cannot be reached; retry shortly", "база данных недоступна; повторите чуть позже"},
	{"the database did not answer in time; retry shortly", "база данных не ответила вовремя; повторите чуть позже"},
	{"the database is unavailable; retry shortly", "база данных недоступна; повторите чуть позже"},
	{"the database schema is not at this version's migrations", "схема базы данных не соответствует этой версии"},
	{"must be another user you manage", "должно быть другим пользователем, которым вы руководите"},

	/* Lists. */
	{"the cursor is not one this list issued", "этот курсор выдан не этим списком"},
	{"the cursor is not one this list issued with this sort", "этот курсор выдан не этим списком или не при этой сортировке"},
	{"list filters and their statement disagree", "фильтры списка не совпадают с его запросом"},
	{"a documented sort has no statement", "для описанной сортировки нет запроса"},

	/* Authentication (api/auth.c). */
	{"send Authorization: Bearer <token>", "передайте Authorization: Bearer <токен>"},
	{"this operation needs the platform admin token", "для этой операции нужен токен администратора платформы"},
	{"the token is not valid", "токен недействителен"},
	{"the session was signed out; sign in again", "из сессии вышли; войдите снова"},
	{"the token was revoked", "токен отозван"},
	{"the session has expired; sign in again", "сессия истекла; войдите снова"},
	{"the token has expired", "срок действия токена истёк"},

	/* Sign-in, sessions, tokens, invitations. */
	{"wrong email or password", "неверный email или пароль"},
	{"too many failed sign-ins for this email; retry later",
	 "слишком много неудачных входов для этого email; повторите позже"},
	{"too many sign-ins at once; retry shortly", "слишком много входов одновременно; повторите чуть позже"},
	{"this email and password open several organisations: name one",
	 "этот email и пароль подходят к нескольким организациям: укажите одну"},
	{"this token is not a session: revoke it with DELETE /v1/tokens/{id}",
	 "этот токен не сессия: отзовите его через DELETE /v1/tokens/{id}"},
	{"current_password is not this user's password", "current_password не совпадает с паролем пользователя"},
	{"is required to change a password", "обязательно для смены пароля"},
	{"must be left out: there is no password yet", "не указывается: пароля ещё нет"},
	{"must be at least 10 characters", "должен быть не короче 10 символов"},
	{"cannot hash the password", "не удалось вычислить хеш пароля"},
	{"no randomness available", "нет источника случайности"},
	{"no such invitation", "такого приглашения нет"},
	{"this invitation has expired; ask for a new one", "срок приглашения истёк; попросите новое"},
	{"this invitation was used; ask for a new one", "приглашение уже использовано; попросите новое"},
	{"an owner or the member's head invites a member", "приглашает владелец или руководитель сотрудника"},
	{"only the token's user or an owner may revoke it", "отозвать токен может только его пользователь или владелец"},
	{"only the user or an owner manages a user's tokens",
	 "токенами пользователя управляет только он сам или владелец"},
	{"must be a non-empty array of scope names", "должно быть непустым массивом названий прав"},
	{"must be one of *, read, call_logs:write, crm_events:write, reports:write, once",
	 "каждое значение одно из *, read, call_logs:write, crm_events:write, reports:write, без повторов"},
	{"must be in the future", "должно быть в будущем"},

	/* Users and teams. */
	{"you cannot change your own role", "нельзя изменить собственную роль"},
	{"you cannot change your own status", "нельзя изменить собственный статус"},
	{"must be an active user with the role head or owner",
	 "должно быть активным пользователем с ролью head или owner"},

	/* Tasks. */
	{"must be an active user you manage", "должно быть активным пользователем, которым вы руководите"},
	{"is required when a task is returned for rework", "обязательно, когда задача возвращается на доработку"},
	{"%s: only the assignee starts and completes a task", "%s: начинает и завершает задачу только исполнитель"},
	{"%s: only the author or the assignee's head accepts, returns or cancels",
	 "%s: принимает, возвращает или отменяет задачу только автор или руководитель исполнителя"},
	{"a %s task cannot become %s", "задачу в статусе %s нельзя перевести в %s"},
	{"the task is %s and can no longer be edited", "задача в статусе %s и больше не редактируется"},
	{"only the task's author or the assignee's head edits a task",
	 "редактирует задачу только её автор или руководитель исполнителя"},

	/* Calls and evening reports. */
	{"must be a user you manage", "должно быть пользователем, которым вы руководите"},
	{"must be an array of calls", "должно быть массивом звонков"},
	{"must hold 1 to %d calls", "должно содержать от 1 до %d звонков"},
	{"must be an array of events", "должно быть массивом событий"},
	{"the cursor is not one this feed issued", "этот курсор выдан не этой лентой событий"},
	{"must be a name of 1 to %lld characters", "должно быть названием длиной от 1 до %lld символов"},
	{"must be before report_deadline", "должно быть раньше report_deadline"},
	{"must hold 1 to %d events", "должно содержать от 1 до %d событий"},
	{"external_id belongs to an event you cannot see", "external_id принадлежит событию, которое вам не видно"},
	{"is required for this type of event", "обязательно для события этого типа"},
	{"external_id belongs to a call you cannot see", "external_id принадлежит звонку, который вам не виден"},
	{"calls are reviewed by the manager's head or an owner", "звонки оценивает руководитель менеджера или владелец"},
	{"must not be after today in the manager's time zone",
	 "не может быть позже сегодняшнего дня в часовом поясе менеджера"},
	{"only the manager who wrote a report edits it", "редактирует отчёт только написавший его менеджер"},
	{"reports are reviewed by the manager's head or an owner", "отчёты проверяет руководитель менеджера или владелец"},
	{"the report was already reviewed and accepted", "отчёт уже проверен и принят"},
	{"the report was reviewed and accepted", "отчёт проверен и принят"},

	/* One-on-ones and development plans. */
	{"one-on-ones are run by the head or an owner", "встречи один на один проводит руководитель или владелец"},
	{"the one-on-one is no longer scheduled", "встреча больше не запланирована"},
	{"must be an array of {text, due_at}", "должно быть массивом {text, due_at}"},
	{"must hold at most %d agreements", "должно содержать не больше %d договорённостей"},
	{"is required when create_tasks is true", "обязательно, когда create_tasks = true"},
	{"development plans are managed by heads and owners", "планами развития управляют руководители и владельцы"},
	{"must be an array of items", "должно быть массивом пунктов"},
	{"must hold at most %d items", "должно содержать не больше %d пунктов"},
	{"is required with a metric", "обязательно вместе с metric"},
	{"a %s plan cannot become %s", "план в статусе %s нельзя перевести в %s"},
	{"the plan is %s", "план в статусе %s"},
	{"no such item in this plan", "такого пункта в плане нет"},
	{"a progress note needs a value or a note", "для отметки о прогрессе нужно значение или комментарий"},
	{"progress is noted by the manager or their head", "прогресс отмечает менеджер или его руководитель"},
	{"progress is noted on active plans; this one is %s", "прогресс отмечается в активных планах; этот в статусе %s"},

	/* Plans, the calendar, absences, KPIs. */
	{"is not a plan metric", "не является метрикой плана"},
	{"must be a whole number from 0 to %lld", "должно быть целым числом от 0 до %lld"},
	{"must be an object of plan metric to target", "должно быть объектом «метрика плана: цель»"},
	{"must be a manager or team whose plan you set", "должно быть менеджером или командой, чей план вы задаёте"},
	{"no override for this date", "для этой даты нет исключения"},
	{"must be on or after from, at most 366 days later", "должно быть не раньше from и не позже чем через 366 дней"},
	{"must be on or after from", "должно быть не раньше from"},
	{"must be a member of a team you head (an owner: anyone)",
	 "должно быть сотрудником вашей команды (для владельца: любым)"},
	{"an owner or the manager's head removes an absence", "удаляет отсутствие владелец или руководитель менеджера"},
	{"a head removes the absences of their teams' members, not their own",
	 "руководитель удаляет отсутствия сотрудников своих команд, но не свои"},
	{"must be a month as YYYY-MM", "должно быть месяцем в виде YYYY-MM"},
	{"is required for a manager or team", "обязательно для менеджера или команды"},
	{"must be on or after from, within two years of it", "должно быть не раньше from и не дальше двух лет от него"},
	{"no such manager or team within your reach", "такого менеджера или команды в вашей зоне нет"},
	{"the organisation's KPIs are for owners", "показатели всей организации видит только владелец"},
	{"a manager reads their own plan status: manager_id=<your id>",
	 "менеджер смотрит только своё выполнение плана: manager_id=<ваш id>"},

	/* Webhooks and their URLs (net/egress.c). */
	{"must be a non-empty array of event names", "должно быть непустым массивом названий событий"},
	{"must be one of alert.opened, alert.resolved, report.submitted, report.reviewed, task.overdue, task.assigned, "
	 "task.done, one_on_one.scheduled, lead.sla_breached, standup.help_needed, once",
	 "каждое значение одно из alert.opened, alert.resolved, report.submitted, report.reviewed, task.overdue, "
	 "task.assigned, task.done, one_on_one.scheduled, lead.sla_breached, standup.help_needed, без повторов"},
	{"must not be after today in your time zone", "должно быть не позже сегодняшнего дня в вашем часовом поясе"},
	{"a day's stand-up is given and changed until that day's standup_deadline",
	 "планёрку дня можно дать и изменить до standup_deadline этого дня"},
	{"a month is closed once it has ended in the organisation's time zone",
	 "месяц закрывают после его окончания по часовому поясу организации"},
	{"the month is closed already: reopen it to close it again",
	 "месяц уже закрыт: чтобы закрыть его заново, сначала переоткройте"},
	{"the month is not closed", "месяц не закрыт"},
	{"events after this cursor were older than 90 days and are no longer kept: sync from the resources, then read the "
	 "feed again without after",
	 "события после этого курсора были старше 90 дней и больше не хранятся: синхронизируйтесь по ресурсам и читайте "
	 "ленту заново без after"},
	{"no such team within your reach", "такой команды нет среди доступных вам"},
	{"must name exactly one of role or sales_role", "должно называть ровно одно из role или sales_role"},
	{"must be an array of {from_attainment, rate}", "должно быть массивом {from_attainment, rate}"},
	{"must hold at most %d tiers", "должно содержать не больше %d ступеней"},
	{"must be above the tier before it", "должно быть выше предыдущей ступени"},
	{"must be an array of 5 descriptions, level 1 first", "должно быть массивом из 5 описаний, начиная с уровня 1"},
	{"no such competency in this organisation", "такой компетенции в организации нет"},
	{"a competency of this name exists", "компетенция с таким названием уже есть"},
	{"cannot seal the secret", "не удалось зашифровать секрет"},
	{"webhooks need SALESCTL_SECRET_KEY on the server: ask its operator; retrying will not help",
	 "для вебхуков на сервере нужен SALESCTL_SECRET_KEY: обратитесь к администратору; повтор не поможет"},
	{"must be an http:// or https:// URL", "должно быть адресом http:// или https://"},
	{"must name a host", "должно содержать имя хоста"},
	{"must name a host and a port", "должно содержать имя хоста и порт"},
	{"cannot be parsed now", "сейчас не удаётся разобрать"},
	{"is not a valid URL", "некорректный URL"},
	{"must not carry a user name or password", "не должно содержать имя пользователя или пароль"},
	{"must not name an IPv6 zone", "не должно указывать зону IPv6"},
	{"the host name does not resolve", "имя хоста не разрешается"},
	{"the host name resolves to a non-public address, which webhooks may not reach",
	 "имя хоста указывает на непубличный адрес, куда вебхуки не отправляются"},
	{"points at a loopback, private, link-local or other non-public address, which webhooks may not reach",
	 "указывает на локальный, частный, link-local или другой непубличный адрес, куда вебхуки не отправляются"},
};

const char *i18n_ru(const char *en)
{
	for (size_t i = 0; i < sizeof(catalogue) / sizeof(catalogue[0]); i++)
		if (strcmp(catalogue[i].en, en) == 0)
			return catalogue[i].ru;
	return NULL;
}

const char *i18n_text(enum lang lang, const char *text)
{
	const char *ru = lang == LANG_RU && text ? i18n_ru(text) : NULL;
	return ru ? ru : text;
}

const struct i18n_entry *i18n_catalogue(size_t *n)
{
	*n = sizeof(catalogue) / sizeof(catalogue[0]);
	return catalogue;
}
