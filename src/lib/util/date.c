#include "util/date.h"

#include <ctype.h>
#include <string.h>

static bool leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Day number of a valid date: the usual civil-from-days inverse. */
static long day_number(long y, int m, int d)
{
    if (m <= 2)
        y--;
    long era = y / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe;
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool erg_date_parse(const char *s, erg_date_span *out)
{
    size_t len = strlen(s);
    int y, m = 0, d = 0;
    if (len != 4 && len != 7 && len != 10)
        return false;
    if (!digits(s, 4, &y))
        return false;
    if (len >= 7 && (s[4] != '-' || !digits(s + 5, 2, &m) || m < 1 || m > 12))
        return false;
    if (len == 10 && (s[7] != '-' || !digits(s + 8, 2, &d) || d < 1 || d > days_in_month(y, m)))
        return false;
    erg_date_span span;
    if (len == 4) {
        span.first = day_number(y, 1, 1);
        span.last = day_number(y, 12, 31);
    } else if (len == 7) {
        span.first = day_number(y, m, 1);
        span.last = day_number(y, m, days_in_month(y, m));
    } else {
        span.first = span.last = day_number(y, m, d);
    }
    if (out != NULL)
        *out = span;
    return true;
}

void erg_date_first_day(const char *partial, char out[11])
{
    size_t len = strlen(partial);
    memcpy(out, partial, len < 10 ? len : 10);
    if (len < 7)
        memcpy(out + 4, "-01", 3);
    if (len < 10)
        memcpy(out + 7, "-01", 3);
    out[10] = '\0';
}

void erg_date_last_day(const char *partial, char out[11])
{
    size_t len = strlen(partial);
    memcpy(out, partial, len < 10 ? len : 10);
    out[10] = '\0';
    if (len >= 10)
        return;
    if (len < 7)
        memcpy(out + 4, "-12", 3);
    int year = 0;
    for (int i = 0; i < 4; i++)
        year = year * 10 + (out[i] - '0');
    int month = (out[5] - '0') * 10 + (out[6] - '0');
    int day = days_in_month(year, month);
    out[7] = '-';
    out[8] = (char)('0' + day / 10);
    out[9] = (char)('0' + day % 10);
}
