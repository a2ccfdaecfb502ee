/* Howard Hinnant's algorithms (chrono-Compatible Low-Level Date Algorithms). */
#include "civil.h"

long civil_floor_div(long long a, long long b)
{
	return (long)(a / b - (a % b != 0 && (a < 0) != (b < 0)));
}

long civil_days(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = civil_floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void civil_date(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = civil_floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}
