/**
 * Names in the order a Danish reader expects: Æ, Ø, Å after Z, "Aa" as Å, and upper and
 * lower case together (ICU's Danish collation). The database's own collation is often C
 * or en_US, which put "anna" after "Zenia" and Å before Æ. PostgreSQL built with ICU has
 * this collation from its first start: Debian's packages and the embedded server both do.
 */
export const DANISH_ORDER = 'COLLATE "da-DK-x-icu"';
