// The compiled bodies of Asio and Beast, built once here instead of in every
// file that uses them (BOOST_ASIO_SEPARATE_COMPILATION and
// BOOST_BEAST_SEPARATE_COMPILATION are set for dj_http). Keeps server.cpp's
// rebuild cost down; nothing else in the project may include Asio or Beast.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
