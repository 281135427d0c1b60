/* The languages the service answers in (SPEC §6.1: Russian, English otherwise) and how a request picks one from its
 * Accept-Language. Pure: no I/O. */
#ifndef SALESCTL_DOMAIN_LANG_H
#define SALESCTL_DOMAIN_LANG_H

enum lang { LANG_EN, LANG_RU };

/* The language an Accept-Language value (RFC 9110 §12.5.4) asks for: the supported one with the highest q (ties: the
 * earlier), "ru" and "ru-*" for Russian, "en", "en-*" and "*" for English; English when the header is absent or names
 * neither. */
enum lang lang_negotiate(const char *accept_language);
/* "en" or "ru", for Content-Language. */
const char *lang_tag(enum lang l);
/* The Russian plural form for n: one (1, 21, 31 …), few (2-4, 22-24 …) or many (0, 5-20, 25 …). */
const char *ru_plural(long long n, const char *one, const char *few, const char *many);

#endif
